#ifndef C_RABBITMQ_SHIM_H
#define C_RABBITMQ_SHIM_H

// amqp.h only forward-declares `struct timeval`: include the definition first so timeouts import as
// UnsafePointer<timeval> instead of OpaquePointer.
#include <sys/time.h>

// rabbitmq-c >= 0.12 installs <rabbitmq-c/*.h>; 0.11 (Debian 12) installs only the flat names.
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/framing.h>
#include <rabbitmq-c/tcp_socket.h>
#include <rabbitmq-c/ssl_socket.h>
#else
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#endif

#endif // C_RABBITMQ_SHIM_H
