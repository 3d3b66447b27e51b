import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Refuses every HTTP redirect, so that the redirect itself is the answer.
///
/// Following one would send the `x-api-key` header to wherever the `Location` points, and could turn a DELETE
/// into another method or target. IT Glue's API does not redirect, so a redirect means a wrong base URL.
final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
