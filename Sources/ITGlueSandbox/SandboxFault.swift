/// A failure the sandbox injects into the next API requests (control-endpoint requests are never affected).
///
/// Counted faults stack with each other; they are consumed in this order per request: drop, hang,
/// drop-after-processing, truncate, fail, rate-limit.
///
/// - Important: URLSession on Linux (libcurl) silently retries a request once when a *reused* keep-alive
///   connection closes before any byte of the answer, so a ``dropNext(_:)`` on a warm connection is usually
///   invisible to the client (the request log then shows the request twice). Use ``truncateNext(_:)`` for a
///   reset that the client must see. Latency applies to every API request until cleared, before any other fault.
public enum SandboxFault: Sendable, Equatable {
    /// The shape of the body of an injected failure, to exercise every error shape IT Glue is known to send.
    public enum ErrorBody: String, Sendable, CaseIterable {
        /// `{"errors":[{"status":503,"title":"Service Unavailable"}]}` (integer status, as IT Glue sends).
        case jsonAPI = "jsonapi"
        /// The same with `"status":"503"` as a string, as the JSON:API spec allows.
        case jsonAPIStringStatus = "jsonapi_string_status"
        /// `{"message":"Service Unavailable"}`, as seen from IT Glue's attachments endpoint.
        case message
        /// An HTML error page, as a proxy or the Rails front would send.
        case html
        /// No body at all.
        case empty
    }

    /// Delays every API request by this much (zero turns it off).
    case latency(Duration)
    /// Answers the next `count` API requests with `status` and a body of the given shape.
    case failNext(Int, status: Int = 503, body: ErrorBody = .jsonAPI)
    /// Answers the next `count` API requests 429, as if the rate limit were exhausted.
    case rateLimitNext(Int)
    /// Closes the connection without answering the next `count` API requests.
    case dropNext(Int)
    /// Carries out the next `count` API requests (a `DELETE` really deletes) and then closes the connection
    /// without answering, as when a response is lost after the server acted: the case that makes a client
    /// unsure whether its request took effect.
    case dropAfterProcessingNext(Int)
    /// Answers the next `count` API requests with the head and half the body, then closes the connection.
    case truncateNext(Int)
    /// Holds the connection without answering the next `count` API requests, until the client gives up or
    /// the sandbox stops.
    case hangNext(Int)
}
