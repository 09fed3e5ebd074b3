#include "core/model/time.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace distlab::core {

Result<Duration> parse_duration(std::string_view text) {
    const std::string quoted = "\"" + std::string(text) + "\"";
    // "-5ms" reads as a duration, and a duration is never negative: say that, not "expected".
    if (text.starts_with('-') && parse_duration(text.substr(1)))
        return fail(Text{"must not be negative, got ", "不能为负数，实际为 "} + quoted);
    std::size_t digits = 0;
    while (digits < text.size() && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.'))
        ++digits;
    if (digits == 0)
        return fail(Text{"expected a duration such as 150ms, 2s or 1m, got ", "应为 150ms、2s 或 1m 这样的时长，实际为 "} + quoted);
    const std::string_view number = text.substr(0, digits);
    const std::string_view unit = text.substr(digits);

    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc{} || end != number.data() + number.size() || !std::isfinite(value))
        return fail(Text{"expected a duration such as 150ms, 2s or 1m, got ", "应为 150ms、2s 或 1m 这样的时长，实际为 "} + quoted);

    double ns_per_unit = 0;
    if (unit.empty() || unit == "ms")
        ns_per_unit = 1e6;                         // a bare number means milliseconds
    else if (unit == "us")
        ns_per_unit = 1e3;
    else if (unit == "s")
        ns_per_unit = 1e9;
    else if (unit == "m")
        ns_per_unit = 60e9;
    else
        return fail(Text{"unknown duration unit in ", "时长单位未知："} + quoted + Text{"; expected ms, s or m", "；应为 ms、s 或 m"});

    const double ns = value * ns_per_unit;
    if (ns > 1e18)
        return fail(Text{"duration ", "时长 "} + quoted + Text{" is too large", " 过大"});
    return Duration(static_cast<std::int64_t>(std::llround(ns)));
}

std::string format_duration(Duration d) {
    const std::int64_t ns = d.count();
    char buf[48];
    if (ns != 0 && ns % 60'000'000'000 == 0)
        std::snprintf(buf, sizeof buf, "%lldm", static_cast<long long>(ns / 60'000'000'000));
    else if (ns != 0 && ns % 1'000'000'000 == 0)
        std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(ns / 1'000'000'000));
    else if (ns % 1'000'000 == 0)
        std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(ns / 1'000'000));
    else if (ns % 1'000 == 0)
        std::snprintf(buf, sizeof buf, "%lldus", static_cast<long long>(ns / 1'000));
    else
        std::snprintf(buf, sizeof buf, "%gms", static_cast<double>(ns) / 1e6);
    return buf;
}

}  // namespace distlab::core
