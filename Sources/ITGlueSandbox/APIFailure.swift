import HTTPServer

/// A request the API refuses, carrying the response to send.
struct APIFailure: Error {
    let response: HTTPResponse
}
