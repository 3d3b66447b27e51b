/// Asynchronous traffic from the broker, copied into Swift values on the connection thread.
enum AMQPIncoming {
    case delivery(AMQPDelivery)
    case returned(exchange: String, routingKey: String, message: AMQPMessage, replyCode: Int, replyText: String)
    case ack(tag: UInt64, isMultiple: Bool)
    case nack(tag: UInt64, isMultiple: Bool)
    case consumerCancelled(consumerTag: String)
    case blocked(reason: String)
    case unblocked
}
