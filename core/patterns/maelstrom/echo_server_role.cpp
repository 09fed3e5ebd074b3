#include "core/patterns/maelstrom/echo_server_role.h"

namespace distlab::core::maelstrom {

void EchoServerRole::start(Context& ctx) {
    (void)ctx;
}

void EchoServerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type != "echo" || !msg.body.is_object() || !msg.body.contains("echo")) {
        // Maelstrom's error 10, not-supported: a definite refusal.
        ++refused_;
        ctx.count("refused");
        ctx.reply(msg,
                  {{"type", "error"}, {"code", 10}, {"text", "echo only: not " + msg.type},
                   {"in_reply_to", msg.body.is_object() ? msg.body.value("msg_id", Json()) : Json()}},
                  "error");
        return;
    }
    ++answered_;
    ctx.count("answered");
    ctx.reply(msg,
              {{"type", "echo_ok"}, {"echo", msg.body["echo"]}, {"in_reply_to", msg.body.value("msg_id", Json())},
               {"msg_id", next_msg_id_++}},
              "echo_ok");
}

Json EchoServerRole::snapshot() const {
    return {{"answered", answered_}, {"refused", refused_}};
}

}  // namespace distlab::core::maelstrom
