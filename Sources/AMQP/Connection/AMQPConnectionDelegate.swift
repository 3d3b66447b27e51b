/// Receives a connection's traffic. Every requirement is called on the connection's own thread, which is the only
/// thread that touches the delegate, so conforming classes need no locks.
protocol AMQPConnectionDelegate: AnyObject, SendableMetatype {
    func connection(_ connection: AMQPConnection<Self>, didReceive incoming: AMQPIncoming)
    /// Called once per loop iteration, after the available frames were handled.
    func connectionDidPoll(_ connection: AMQPConnection<Self>)
    /// The connection is gone; `error` is nil after ``AMQPConnection/close()``.
    func connection(_ connection: AMQPConnection<Self>, didTerminateWith error: AMQPError?)
}
