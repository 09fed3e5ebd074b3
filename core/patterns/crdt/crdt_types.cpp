#include "core/patterns/crdt/crdt_types.h"

#include <algorithm>
#include <limits>

namespace distlab::core::crdt {

namespace {

constexpr std::uint64_t kMaxCount = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

Result<std::uint64_t> count_from_json(const Json& j, std::string_view where) {
    if (!j.is_number_integer() || (j.is_number_unsigned() ? j.get<std::uint64_t>() > kMaxCount : j.get<std::int64_t>() < 0))
        return fail(std::string(where) + " must be a count (an integer from 0)");
    return j.get<std::uint64_t>();
}

Result<std::set<std::string>> strings_from_json(const Json& j, std::string_view where) {
    if (!j.is_array())
        return fail(std::string(where) + " must be an array of strings");
    std::set<std::string> out;
    for (const Json& e : j) {
        if (!e.is_string())
            return fail(std::string(where) + " must be an array of strings");
        out.insert(e.get<std::string>());
    }
    return out;
}

Json strings_to_json(const std::set<std::string>& s) {
    Json out = Json::array();
    for (const std::string& e : s)
        out.push_back(e);
    return out;
}

Json dot_to_json(const Dot& d) { return Json::array({d.first, d.second}); }

Result<Dot> dot_from_json(const Json& j, std::string_view where) {
    if (!j.is_array() || j.size() != 2 || !j[0].is_string() || j[0].get<std::string>().empty())
        return fail(std::string(where) + " must be a tag [node, count]");
    auto count = count_from_json(j[1], where);
    if (!count)
        return std::unexpected(count.error());
    return Dot{j[0].get<std::string>(), *count};
}

}  // namespace

std::string_view to_string(Type type) {
    switch (type) {
    case Type::GCounter: return "g-counter";
    case Type::PNCounter: return "pn-counter";
    case Type::GSet: return "g-set";
    case Type::TwoPSet: return "2p-set";
    case Type::ORSet: return "or-set";
    case Type::LwwRegister: return "lww-register";
    case Type::MvRegister: return "mv-register";
    }
    return "g-counter";
}

const std::vector<Type>& all_types() {
    static const std::vector<Type> types = {Type::GCounter, Type::PNCounter,   Type::GSet,      Type::TwoPSet,
                                            Type::ORSet,    Type::LwwRegister, Type::MvRegister};
    return types;
}

std::optional<Type> type_from_string(std::string_view name) {
    for (Type t : all_types())
        if (to_string(t) == name)
            return t;
    return std::nullopt;
}

// ---- GCounter ----

GCounter GCounter::increment(const NodeId& node, std::uint64_t n) {
    std::uint64_t& mine = counts_[node];
    mine = std::min(kMaxCount, mine + std::min(n, kMaxCount));
    GCounter delta;
    delta.counts_[node] = mine;
    return delta;
}

std::uint64_t GCounter::value() const {
    std::uint64_t sum = 0;
    for (const auto& [node, n] : counts_)
        sum += n;
    return sum;
}

void GCounter::merge(const GCounter& other) {
    for (const auto& [node, n] : other.counts_) {
        std::uint64_t& mine = counts_[node];
        mine = std::max(mine, n);
    }
}

Json GCounter::to_json() const {
    Json out = Json::object();
    for (const auto& [node, n] : counts_)
        out[node] = n;
    return out;
}

Result<GCounter> GCounter::from_json(const Json& json) {
    if (!json.is_object())
        return fail("a g-counter must be an object of counts by node");
    GCounter c;
    for (const auto& [node, n] : json.items()) {
        auto count = count_from_json(n, "g-counter entry \"" + node + "\"");
        if (!count)
            return std::unexpected(count.error());
        if (node.empty())
            return fail("a g-counter entry has an empty node id");
        c.counts_[node] = *count;
    }
    return c;
}

// ---- PNCounter ----

PNCounter PNCounter::add(const NodeId& node, std::int64_t n) {
    PNCounter delta;
    if (n >= 0)
        delta.p_ = p_.increment(node, static_cast<std::uint64_t>(n));
    else
        delta.n_ = n_.increment(node, n == std::numeric_limits<std::int64_t>::min()
                                          ? kMaxCount
                                          : static_cast<std::uint64_t>(-n));
    return delta;
}

std::int64_t PNCounter::value() const {
    return static_cast<std::int64_t>(p_.value()) - static_cast<std::int64_t>(n_.value());
}

void PNCounter::merge(const PNCounter& other) {
    p_.merge(other.p_);
    n_.merge(other.n_);
}

Json PNCounter::to_json() const { return {{"p", p_.to_json()}, {"n", n_.to_json()}}; }

Result<PNCounter> PNCounter::from_json(const Json& json) {
    if (!json.is_object() || !json.contains("p") || !json.contains("n"))
        return fail("a pn-counter must be an object {p, n} of two g-counters");
    auto p = GCounter::from_json(json["p"]);
    if (!p)
        return fail("pn-counter p: " + p.error().message);
    auto n = GCounter::from_json(json["n"]);
    if (!n)
        return fail("pn-counter n: " + n.error().message);
    PNCounter c;
    c.p_ = std::move(*p);
    c.n_ = std::move(*n);
    return c;
}

// ---- GSet ----

GSet GSet::add(const std::string& element) {
    elements_.insert(element);
    GSet delta;
    delta.elements_.insert(element);
    return delta;
}

void GSet::merge(const GSet& other) { elements_.insert(other.elements_.begin(), other.elements_.end()); }

Json GSet::to_json() const { return strings_to_json(elements_); }

Result<GSet> GSet::from_json(const Json& json) {
    auto elements = strings_from_json(json, "a g-set");
    if (!elements)
        return std::unexpected(elements.error());
    GSet s;
    s.elements_ = std::move(*elements);
    return s;
}

// ---- TwoPSet ----

TwoPSet TwoPSet::add(const std::string& element) {
    added_.insert(element);
    TwoPSet delta;
    delta.added_.insert(element);
    return delta;
}

TwoPSet TwoPSet::remove(const std::string& element) {
    removed_.insert(element);
    TwoPSet delta;
    delta.removed_.insert(element);
    return delta;
}

bool TwoPSet::contains(const std::string& element) const {
    return added_.contains(element) && !removed_.contains(element);
}

std::set<std::string> TwoPSet::value() const {
    std::set<std::string> out;
    std::set_difference(added_.begin(), added_.end(), removed_.begin(), removed_.end(),
                        std::inserter(out, out.end()));
    return out;
}

void TwoPSet::merge(const TwoPSet& other) {
    added_.insert(other.added_.begin(), other.added_.end());
    removed_.insert(other.removed_.begin(), other.removed_.end());
}

Json TwoPSet::to_json() const { return {{"added", strings_to_json(added_)}, {"removed", strings_to_json(removed_)}}; }

Result<TwoPSet> TwoPSet::from_json(const Json& json) {
    if (!json.is_object() || !json.contains("added") || !json.contains("removed"))
        return fail("a 2p-set must be an object {added, removed}");
    auto added = strings_from_json(json["added"], "2p-set added");
    if (!added)
        return std::unexpected(added.error());
    auto removed = strings_from_json(json["removed"], "2p-set removed");
    if (!removed)
        return std::unexpected(removed.error());
    TwoPSet s;
    s.added_ = std::move(*added);
    s.removed_ = std::move(*removed);
    return s;
}

// ---- ORSet ----

ORSet ORSet::add(const NodeId& node, const std::string& element) {
    // A tag new to `node`: above every tag of it this replica holds, added or tombstoned. The
    // replica holds all its own tags (it made them, and nothing forgets a tag), so none repeats.
    std::uint64_t top = 0;
    for (const auto& [e, dots] : adds_)
        for (const Dot& d : dots)
            if (d.first == node)
                top = std::max(top, d.second);
    for (const Dot& d : removed_)
        if (d.first == node)
            top = std::max(top, d.second);
    const Dot dot{node, top + 1};
    adds_[element].insert(dot);
    ORSet delta;
    delta.adds_[element].insert(dot);
    return delta;
}

ORSet ORSet::remove(const std::string& element) {
    ORSet delta;
    const auto it = adds_.find(element);
    if (it == adds_.end())
        return delta;
    for (const Dot& d : it->second)
        if (removed_.insert(d).second)
            delta.removed_.insert(d);
    return delta;
}

bool ORSet::contains(const std::string& element) const {
    const auto it = adds_.find(element);
    return it != adds_.end() && std::any_of(it->second.begin(), it->second.end(),
                                            [this](const Dot& d) { return !removed_.contains(d); });
}

std::set<std::string> ORSet::value() const {
    std::set<std::string> out;
    for (const auto& [element, dots] : adds_)
        if (contains(element))
            out.insert(element);
    return out;
}

void ORSet::merge(const ORSet& other) {
    for (const auto& [element, dots] : other.adds_)
        adds_[element].insert(dots.begin(), dots.end());
    removed_.insert(other.removed_.begin(), other.removed_.end());
}

Json ORSet::to_json() const {
    Json adds = Json::object();
    for (const auto& [element, dots] : adds_) {
        Json tags = Json::array();
        for (const Dot& d : dots)
            tags.push_back(dot_to_json(d));
        adds[element] = std::move(tags);
    }
    Json removed = Json::array();
    for (const Dot& d : removed_)
        removed.push_back(dot_to_json(d));
    return {{"adds", std::move(adds)}, {"removed", std::move(removed)}};
}

Result<ORSet> ORSet::from_json(const Json& json) {
    if (!json.is_object() || !json.contains("adds") || !json["adds"].is_object() || !json.contains("removed") ||
        !json["removed"].is_array())
        return fail("an or-set must be an object {adds: {element: [tags]}, removed: [tags]}");
    ORSet s;
    for (const auto& [element, tags] : json["adds"].items()) {
        if (!tags.is_array() || tags.empty())
            return fail("or-set adds \"" + element + "\" must be a non-empty array of tags");
        for (const Json& t : tags) {
            auto dot = dot_from_json(t, "or-set adds \"" + element + "\"");
            if (!dot)
                return std::unexpected(dot.error());
            s.adds_[element].insert(std::move(*dot));
        }
    }
    for (const Json& t : json["removed"]) {
        auto dot = dot_from_json(t, "or-set removed");
        if (!dot)
            return std::unexpected(dot.error());
        s.removed_.insert(std::move(*dot));
    }
    return s;
}

// ---- LwwRegister ----

LwwRegister LwwRegister::assign(const std::string& value, std::int64_t ts, const NodeId& node) {
    value_ = value;
    ts_ = ts;
    node_ = node;
    return *this;
}

void LwwRegister::merge(const LwwRegister& other) {
    if (other.value_ && (!value_ || key() < other.key()))
        *this = other;
}

Json LwwRegister::to_json() const {
    if (!value_)
        return nullptr;
    return {{"value", *value_}, {"ts", ts_}, {"node", node_}};
}

Result<LwwRegister> LwwRegister::from_json(const Json& json) {
    LwwRegister r;
    if (json.is_null())
        return r;
    if (!json.is_object() || !json.contains("value") || !json["value"].is_string() || !json.contains("ts") ||
        !json["ts"].is_number_integer() || !json.contains("node") || !json["node"].is_string() ||
        json["node"].get<std::string>().empty())
        return fail("an lww-register must be null or an object {value: string, ts: integer, node: node id}");
    r.value_ = json["value"].get<std::string>();
    r.ts_ = json["ts"].get<std::int64_t>();
    r.node_ = json["node"].get<std::string>();
    return r;
}

// ---- version vectors ----

bool dominated(const VersionVector& a, const VersionVector& b) {
    bool smaller = false;
    for (const auto& [node, n] : a) {
        const auto it = b.find(node);
        const std::uint64_t theirs = it == b.end() ? 0 : it->second;
        if (n > theirs)
            return false;
        smaller = smaller || n < theirs;
    }
    for (const auto& [node, n] : b)
        if (n > 0 && !a.contains(node))
            smaller = true;
    return smaller;
}

VersionVector join(const VersionVector& a, const VersionVector& b) {
    VersionVector out = a;
    for (const auto& [node, n] : b) {
        std::uint64_t& mine = out[node];
        mine = std::max(mine, n);
    }
    return out;
}

Json vv_to_json(const VersionVector& vv) {
    Json out = Json::object();
    for (const auto& [node, n] : vv)
        out[node] = n;
    return out;
}

Result<VersionVector> vv_from_json(const Json& json, std::string_view where) {
    if (!json.is_object())
        return fail(std::string(where) + " must be a version vector {node: count}");
    VersionVector vv;
    for (const auto& [node, n] : json.items()) {
        auto count = count_from_json(n, std::string(where) + " entry \"" + node + "\"");
        if (!count)
            return std::unexpected(count.error());
        if (node.empty())
            return fail(std::string(where) + " has an empty node id");
        if (*count > 0)
            vv[node] = *count;
    }
    return vv;
}

// ---- MvRegister ----

MvRegister MvRegister::assign(const std::string& value, const NodeId& node) {
    VersionVector vv;
    for (const auto& [v, ignored] : entries_)
        vv = join(vv, v);
    ++vv[node];
    entries_.clear();
    entries_.emplace(vv, value);
    return *this;
}

std::vector<std::string> MvRegister::value() const {
    std::set<std::string> values;
    for (const auto& [vv, v] : entries_)
        values.insert(v);
    return {values.begin(), values.end()};
}

void MvRegister::merge(const MvRegister& other) {
    entries_.insert(other.entries_.begin(), other.entries_.end());
    keep_maximal();
}

void MvRegister::keep_maximal() {
    for (auto it = entries_.begin(); it != entries_.end();) {
        const bool beaten = std::any_of(entries_.begin(), entries_.end(),
                                        [&](const auto& other) { return dominated(it->first, other.first); });
        it = beaten ? entries_.erase(it) : std::next(it);
    }
}

Json MvRegister::to_json() const {
    Json out = Json::array();
    for (const auto& [vv, v] : entries_)
        out.push_back({{"value", v}, {"vv", vv_to_json(vv)}});
    return out;
}

Result<MvRegister> MvRegister::from_json(const Json& json) {
    if (!json.is_array())
        return fail("an mv-register must be an array of {value, vv}");
    MvRegister r;
    for (const Json& e : json) {
        if (!e.is_object() || !e.contains("value") || !e["value"].is_string() || !e.contains("vv"))
            return fail("an mv-register entry must be an object {value: string, vv: version vector}");
        auto vv = vv_from_json(e["vv"], "mv-register vv");
        if (!vv)
            return std::unexpected(vv.error());
        r.entries_.emplace(std::move(*vv), e["value"].get<std::string>());
    }
    r.keep_maximal();
    return r;
}

// ---- Object ----

Type type_of(const Object& object) { return static_cast<Type>(object.index()); }

Object empty_object(Type type) {
    switch (type) {
    case Type::GCounter: return GCounter{};
    case Type::PNCounter: return PNCounter{};
    case Type::GSet: return GSet{};
    case Type::TwoPSet: return TwoPSet{};
    case Type::ORSet: return ORSet{};
    case Type::LwwRegister: return LwwRegister{};
    case Type::MvRegister: return MvRegister{};
    }
    return GCounter{};
}

void merge(Object& into, const Object& other) {
    std::visit(
        [&other](auto& mine) {
            using T = std::decay_t<decltype(mine)>;
            if (const T* theirs = std::get_if<T>(&other))
                mine.merge(*theirs);
        },
        into);
}

Json value_of(const Object& object) {
    return std::visit(
        [](const auto& o) -> Json {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, GCounter> || std::is_same_v<T, PNCounter>)
                return o.value();
            else if constexpr (std::is_same_v<T, LwwRegister>)
                return o.value() ? Json(*o.value()) : Json(nullptr);
            else if constexpr (std::is_same_v<T, MvRegister>)
                return o.value();
            else
                return strings_to_json(o.value());
        },
        object);
}

Json state_of(const Object& object) {
    return std::visit([](const auto& o) { return o.to_json(); }, object);
}

Result<Object> object_from_json(Type type, const Json& state) {
    const auto wrap = [](auto parsed) -> Result<Object> {
        if (!parsed)
            return std::unexpected(parsed.error());
        return Object(std::move(*parsed));
    };
    switch (type) {
    case Type::GCounter: return wrap(GCounter::from_json(state));
    case Type::PNCounter: return wrap(PNCounter::from_json(state));
    case Type::GSet: return wrap(GSet::from_json(state));
    case Type::TwoPSet: return wrap(TwoPSet::from_json(state));
    case Type::ORSet: return wrap(ORSet::from_json(state));
    case Type::LwwRegister: return wrap(LwwRegister::from_json(state));
    case Type::MvRegister: return wrap(MvRegister::from_json(state));
    }
    return fail("unknown CRDT type");
}

Result<Object> apply(Object& object, std::string_view op, const Json& argument, const Origin& origin) {
    const std::string type(to_string(type_of(object)));
    const auto refuse = [&](const std::string& why) {
        return fail(type + " " + std::string(op) + ": " + why);
    };
    return std::visit(
        [&](auto& o) -> Result<Object> {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, GCounter> || std::is_same_v<T, PNCounter>) {
                if (op != "add")
                    return refuse("a counter takes add and read");
                if (!argument.is_number_integer() ||
                    (argument.is_number_unsigned() && argument.get<std::uint64_t>() > kMaxCount))
                    return refuse("the value must be an integer");
                const std::int64_t n = argument.get<std::int64_t>();
                if constexpr (std::is_same_v<T, GCounter>) {
                    if (n < 0)
                        return refuse("a grow-only counter only goes up (the value must be >= 0)");
                    return Object(o.increment(origin.node, static_cast<std::uint64_t>(n)));
                } else {
                    return Object(o.add(origin.node, n));
                }
            } else if constexpr (std::is_same_v<T, LwwRegister> || std::is_same_v<T, MvRegister>) {
                if (op != "write")
                    return refuse("a register takes write and read");
                if (!argument.is_string())
                    return refuse("the value must be a string");
                if constexpr (std::is_same_v<T, LwwRegister>)
                    return Object(o.assign(argument.get<std::string>(), origin.ts, origin.node));
                else
                    return Object(o.assign(argument.get<std::string>(), origin.node));
            } else {
                if (!argument.is_string())
                    return refuse("the element must be a string");
                const std::string element = argument.get<std::string>();
                if (op == "add") {
                    if constexpr (std::is_same_v<T, ORSet>)
                        return Object(o.add(origin.node, element));
                    else
                        return Object(o.add(element));
                }
                if (op == "remove") {
                    if constexpr (std::is_same_v<T, GSet>) {
                        return refuse("a grow-only set takes add and read");
                    } else {
                        if (!o.contains(element))
                            return refuse("\"" + element + "\" is not in the set here");
                        return Object(o.remove(element));
                    }
                }
                return refuse("a set takes add, remove (not a g-set) and read");
            }
        },
        object);
}

}  // namespace distlab::core::crdt
