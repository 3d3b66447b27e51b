import CRabbitMQ

extension AMQPError {
    /// Maps a rabbitmq-c status code (`AMQP_STATUS_*`).
    static func status(_ status: Int32, _ context: String) -> AMQPError {
        let text = amqp_error_string2(status).map { String(cString: $0) } ?? "status \(status)"
        let code: Code
        switch status {
        case AMQP_STATUS_TIMEOUT.rawValue: code = .timeout
        case AMQP_STATUS_HEARTBEAT_TIMEOUT.rawValue: code = .heartbeatTimeout
        case AMQP_STATUS_CONNECTION_CLOSED.rawValue, AMQP_STATUS_SOCKET_ERROR.rawValue,
            AMQP_STATUS_SOCKET_CLOSED.rawValue:
            code = .connectionClosed
        case AMQP_STATUS_TCP_ERROR.rawValue, AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED.rawValue,
            AMQP_STATUS_SOCKET_INUSE.rawValue:
            code = .connectionFailed
        case AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED.rawValue, AMQP_STATUS_SSL_PEER_VERIFY_FAILED.rawValue:
            // The certificate will not change by retrying.
            return AMQPError(.tlsFailed, "\(context): \(text)", isRetriable: false)
        case AMQP_STATUS_SSL_ERROR.rawValue, AMQP_STATUS_SSL_CONNECTION_FAILED.rawValue:
            return AMQPError(.tlsFailed, "\(context): \(text)", isRetriable: true)
        case AMQP_STATUS_TABLE_TOO_BIG.rawValue, AMQP_STATUS_INVALID_PARAMETER.rawValue:
            code = .invalidArgument
        default: code = .protocolError
        }
        return AMQPError(code, "\(context): \(text)")
    }

    /// Maps the broker's `connection.close` or `channel.close` reply code.
    static func broker(replyCode: Int, replyText: String, isConnection: Bool, _ context: String) -> AMQPError {
        let scope = isConnection ? "connection" : "channel"
        let message = "\(context): broker closed the \(scope): \(replyText)"
        switch replyCode {
        case 403, 530: return AMQPError(.accessRefused, message, replyCode: replyCode)
        case 404: return AMQPError(.notFound, message, replyCode: replyCode)
        case 406: return AMQPError(.preconditionFailed, message, replyCode: replyCode)
        case 320: return AMQPError(.connectionClosed, message, replyCode: replyCode, isRetriable: true)
        case 501...505, 540: return AMQPError(.protocolError, message, replyCode: replyCode)
        default:
            return AMQPError(isConnection ? .connectionClosed : .channelClosed, message, replyCode: replyCode)
        }
    }
}
