#ifndef C_RABBITMQ_SHIMS_H
#define C_RABBITMQ_SHIMS_H

#include <sys/time.h>
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#else
#include <amqp.h>
#endif

/// Non-variadic `amqp_login_with_properties(..., AMQP_SASL_METHOD_PLAIN, user, password)`: Swift cannot call C
/// variadic functions. `properties` may be NULL.
amqp_rpc_reply_t crabbitmq_login_plain(amqp_connection_state_t state, const char *vhost, int channel_max,
                                       int frame_max, int heartbeat, const amqp_table_t *properties,
                                       const char *user, const char *password);

#endif // C_RABBITMQ_SHIMS_H
