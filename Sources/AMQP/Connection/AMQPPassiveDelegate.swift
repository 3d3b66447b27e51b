/// A delegate for short-lived connections that only run RPCs (topology declaration and maintenance).
final class AMQPPassiveDelegate: AMQPConnectionDelegate {
    func connection(_ connection: AMQPConnection<AMQPPassiveDelegate>, didReceive incoming: AMQPIncoming) {}
    func connectionDidPoll(_ connection: AMQPConnection<AMQPPassiveDelegate>) {}
    func connection(_ connection: AMQPConnection<AMQPPassiveDelegate>, didTerminateWith error: AMQPError?) {}
}
