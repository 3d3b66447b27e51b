// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode plus the upcoming features the style guide
/// asks for (SE-0335 ExistentialAny, SE-0444 MemberImportVisibility, SE-0409 InternalImportsByDefault).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "itglue-offboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "itglue-offboard", targets: ["itglue-offboard"]),
        .executable(name: "jsonschema-bowtie", targets: ["jsonschema-bowtie"]),
    ],
    targets: [
        // MARK: - C libraries from Debian

        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"]), .brew(["rabbitmq-c"])]
        ),
        .target(name: "CRabbitMQShims", dependencies: ["CRabbitMQ"]),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),

        // MARK: - Libraries

        .target(name: "Logging", swiftSettings: swiftSettings),
        .target(
            name: "AMQP",
            dependencies: ["CRabbitMQ", "CRabbitMQShims", "Logging"],
            swiftSettings: swiftSettings
        ),
        .target(name: "JSONSchema", swiftSettings: swiftSettings),
        .target(name: "HTTPServer", dependencies: ["Logging"], swiftSettings: swiftSettings),
        .target(name: "ITGlue", dependencies: ["JSONSchema", "Logging"], swiftSettings: swiftSettings),
        .target(
            name: "ITGlueSandbox",
            dependencies: ["HTTPServer", "JSONSchema", "Logging"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Offboarding",
            dependencies: ["JSONSchema", "ITGlue", "CSQLite", "Logging"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OffboardingService",
            dependencies: ["AMQP", "Offboarding", "JSONSchema", "ITGlue", "HTTPServer", "Logging"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executables

        .executableTarget(
            name: "itglue-offboard",
            dependencies: [
                "OffboardingService", "Offboarding", "AMQP", "ITGlue", "ITGlueSandbox", "JSONSchema", "Logging",
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "jsonschema-bowtie", dependencies: ["JSONSchema"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "jsonschema-benchmark",
            dependencies: ["JSONSchema"],
            exclude: ["compare.py"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        .testTarget(name: "AMQPTests", dependencies: ["AMQP"], swiftSettings: swiftSettings),
        .testTarget(
            name: "JSONSchemaTests",
            dependencies: ["JSONSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ITGlueTests",
            dependencies: ["ITGlue", "ITGlueSandbox", "JSONSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ITGlueSandboxTests",
            dependencies: ["ITGlueSandbox", "JSONSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffboardingTests",
            dependencies: ["Offboarding", "ITGlue", "ITGlueSandbox", "JSONSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffboardingServiceTests",
            dependencies: ["OffboardingService", "Offboarding", "AMQP", "ITGlue", "ITGlueSandbox", "JSONSchema"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
