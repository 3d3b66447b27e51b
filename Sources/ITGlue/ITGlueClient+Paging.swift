import JSONSchema

extension ITGlueClient {
    /// Every item of a listing: `page[size]=1000`, then `page[number]` up to `meta.total-pages` (or while
    /// `meta.next-page` is set). Returns the items and everything the pages `included`.
    func allPages(
        path: String,
        query: [(name: String, value: String)] = []
    ) async throws
        -> (data: [JSONValue], included: [JSONValue])
    {
        var data: [JSONValue] = []
        var included: [JSONValue] = []
        var page = 1
        while page <= Self.maximumPages {
            let document = try await self.transport.send(
                ITGlueRequest(
                    method: .get,
                    path: path,
                    query: query + [("page[size]", String(Self.maximumPageSize)), ("page[number]", String(page))]
                )
            )
            guard let items = document["data"]?.arrayValue else {
                throw ITGlueError(code: .invalidResponse, message: "GET \(path) page \(page) has no data array")
            }
            data += items
            included += document["included"]?.arrayValue ?? []
            let meta = document["meta"]
            let hasNext: Bool
            if let next = meta?["next-page"], !next.isNull {
                hasNext = true
            } else if let totalPages = meta?["total-pages"]?.lenientInt {
                hasNext = page < totalPages
            } else {
                hasNext = meta == nil && items.count == Self.maximumPageSize
            }
            guard hasNext, !items.isEmpty else { break }
            page += 1
        }
        return (data, included)
    }

    /// `meta.total-count` of a listing asked for with `page[size]=1`: one request, whatever the count.
    func count(path: String, query: [(name: String, value: String)] = []) async throws -> Int {
        let document = try await self.transport.send(
            ITGlueRequest(method: .get, path: path, query: query + [("page[size]", "1")])
        )
        guard let total = document["meta"]?["total-count"]?.lenientInt, total >= 0 else {
            throw ITGlueError(code: .invalidResponse, message: "GET \(path) has no meta.total-count")
        }
        return total
    }

    /// Runs `operation` on every element with at most `limit` running at once; results keep the input order.
    func concurrentMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element],
        limit: Int,
        _ operation: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: elements.count)
            var next = 0
            for _ in 0..<min(max(1, limit), elements.count) {
                let index = next
                group.addTask { (index, try await operation(elements[index])) }
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < elements.count {
                    let index = next
                    group.addTask { (index, try await operation(elements[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}
