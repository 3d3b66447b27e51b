import CRabbitMQ

extension AMQPProperties {
    private static func flag(_ flag: Int32) -> amqp_flags_t { amqp_flags_t(flag) }

    init(_ properties: amqp_basic_properties_t) {
        self.init()
        let flags = properties._flags
        func has(_ flag: Int32) -> Bool { flags & Self.flag(flag) != 0 }
        if has(AMQP_BASIC_CONTENT_TYPE_FLAG) { self.contentType = properties.content_type.string }
        if has(AMQP_BASIC_CONTENT_ENCODING_FLAG) { self.contentEncoding = properties.content_encoding.string }
        if has(AMQP_BASIC_HEADERS_FLAG) { self.headers = AMQPFieldValue.dictionary(properties.headers) }
        if has(AMQP_BASIC_DELIVERY_MODE_FLAG) { self.isPersistent = properties.delivery_mode == 2 }
        if has(AMQP_BASIC_PRIORITY_FLAG) { self.priority = properties.priority }
        if has(AMQP_BASIC_CORRELATION_ID_FLAG) { self.correlationID = properties.correlation_id.string }
        if has(AMQP_BASIC_REPLY_TO_FLAG) { self.replyTo = properties.reply_to.string }
        if has(AMQP_BASIC_EXPIRATION_FLAG) { self.expiration = properties.expiration.string }
        if has(AMQP_BASIC_MESSAGE_ID_FLAG) { self.messageID = properties.message_id.string }
        if has(AMQP_BASIC_TIMESTAMP_FLAG) { self.timestamp = properties.timestamp }
        if has(AMQP_BASIC_TYPE_FLAG) { self.type = properties.type.string }
        if has(AMQP_BASIC_USER_ID_FLAG) { self.userID = properties.user_id.string }
        if has(AMQP_BASIC_APP_ID_FLAG) { self.appID = properties.app_id.string }
    }

    func encoded(in arena: AMQPArena) -> amqp_basic_properties_t {
        var properties = amqp_basic_properties_t()
        var flags: amqp_flags_t = Self.flag(AMQP_BASIC_DELIVERY_MODE_FLAG)
        properties.delivery_mode = self.isPersistent ? 2 : 1
        func set(_ value: String?, _ flag: Int32, _ field: WritableKeyPath<amqp_basic_properties_t, amqp_bytes_t>) {
            guard let value else { return }
            properties[keyPath: field] = arena.bytes(value)
            flags |= Self.flag(flag)
        }
        set(self.contentType, AMQP_BASIC_CONTENT_TYPE_FLAG, \.content_type)
        set(self.contentEncoding, AMQP_BASIC_CONTENT_ENCODING_FLAG, \.content_encoding)
        set(self.correlationID, AMQP_BASIC_CORRELATION_ID_FLAG, \.correlation_id)
        set(self.replyTo, AMQP_BASIC_REPLY_TO_FLAG, \.reply_to)
        set(self.expiration, AMQP_BASIC_EXPIRATION_FLAG, \.expiration)
        set(self.messageID, AMQP_BASIC_MESSAGE_ID_FLAG, \.message_id)
        set(self.type, AMQP_BASIC_TYPE_FLAG, \.type)
        set(self.userID, AMQP_BASIC_USER_ID_FLAG, \.user_id)
        set(self.appID, AMQP_BASIC_APP_ID_FLAG, \.app_id)
        if !self.headers.isEmpty {
            properties.headers = AMQPFieldValue.table(self.headers, in: arena)
            flags |= Self.flag(AMQP_BASIC_HEADERS_FLAG)
        }
        if let priority = self.priority {
            properties.priority = priority
            flags |= Self.flag(AMQP_BASIC_PRIORITY_FLAG)
        }
        if let timestamp = self.timestamp {
            properties.timestamp = timestamp
            flags |= Self.flag(AMQP_BASIC_TIMESTAMP_FLAG)
        }
        properties._flags = flags
        return properties
    }
}
