#include "core/model/role.h"

namespace distlab::core {

std::string_view to_string(LogLevel level) {
    switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
    }
    return "info";
}

std::string_view to_string(OpStatus status) {
    switch (status) {
    case OpStatus::Ok: return "ok";
    case OpStatus::Fail: return "fail";
    case OpStatus::Info: return "info";
    }
    return "info";
}

}  // namespace distlab::core
