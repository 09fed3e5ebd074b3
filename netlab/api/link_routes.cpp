#include "netlab/api/link_routes.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace distlab::netlab {

namespace {

constexpr int kSamples = 48;

double distance(RoutePoint a, RoutePoint b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

LinkRoute straight(RoutePoint from, RoutePoint to) {
    return {from, {(from.x + to.x) / 2, (from.y + to.y) / 2}, to, false};
}

// How far `p` is from the segment a-b.
double segment_distance(RoutePoint p, RoutePoint a, RoutePoint b) {
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double length2 = dx * dx + dy * dy;
    const double t = length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0.0;
    return distance(p, {a.x + t * dx, a.y + t * dy});
}

}  // namespace

RoutePoint LinkRoute::at(double t) const {
    const double u = 1 - t;
    return {u * u * from.x + 2 * u * t * control.x + t * t * to.x, u * u * from.y + 2 * u * t * control.y + t * t * to.y};
}

double route_clearance(const LinkRoute& route, const std::vector<RouteDisc>& others) {
    double gap = std::numeric_limits<double>::max();
    for (int i = 0; i <= kSamples; ++i) {
        const RoutePoint p = route.at(double(i) / kSamples);
        for (const RouteDisc& disc : others)
            gap = std::min(gap, distance(p, disc.centre) - disc.radius);
    }
    return gap;
}

std::vector<LinkRoute> route_links(const std::vector<RouteDisc>& nodes,
                                   const std::vector<std::pair<std::size_t, std::size_t>>& links, double clearance) {
    RoutePoint centroid;
    for (const RouteDisc& node : nodes) {
        centroid.x += node.centre.x / double(nodes.size());
        centroid.y += node.centre.y / double(nodes.size());
    }
    std::vector<LinkRoute> routes;
    routes.reserve(links.size());
    std::vector<RouteDisc> near;
    for (const auto& [a, b] : links) {
        if (a >= nodes.size() || b >= nodes.size() || a == b) {
            const RoutePoint p = a < nodes.size() ? nodes[a].centre : RoutePoint{};
            const RoutePoint q = b < nodes.size() ? nodes[b].centre : p;
            routes.push_back(straight(p, q));
            continue;
        }
        const RoutePoint p = nodes[a].centre;
        const RoutePoint q = nodes[b].centre;
        const double length = distance(p, q);
        const LinkRoute line = straight(p, q);
        if (length <= 0) {
            routes.push_back(line);
            continue;
        }
        // Only discs a bend of up to the link's length could reach matter.
        near.clear();
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (i != a && i != b && segment_distance(nodes[i].centre, p, q) <= length / 2 + nodes[i].radius + clearance)
                near.push_back(nodes[i]);
        if (route_clearance(line, near) >= clearance) {
            routes.push_back(line);
            continue;
        }
        // The normal on the side away from the discs in the way (away from the drawing's middle
        // when they sit on the line itself).
        RoutePoint normal{-(q.y - p.y) / length, (q.x - p.x) / length};
        double pull = 0;
        for (const RouteDisc& disc : near)
            if (segment_distance(disc.centre, p, q) < disc.radius + clearance)
                pull += (disc.centre.x - line.control.x) * normal.x + (disc.centre.y - line.control.y) * normal.y;
        if (std::abs(pull) < 1e-6)
            pull = (centroid.x - line.control.x) * normal.x + (centroid.y - line.control.y) * normal.y;
        if (pull > 0)
            normal = {-normal.x, -normal.y};
        LinkRoute best = line;
        double best_gap = route_clearance(line, near);
        bool found = false;
        const double step = std::max(4.0, length / 48);
        for (double offset = step; offset <= length && !found; offset += step) {
            for (const double side : {1.0, -1.0}) {
                LinkRoute bent{p, {line.control.x + side * offset * normal.x, line.control.y + side * offset * normal.y}, q, true};
                const double gap = route_clearance(bent, near);
                if (gap >= clearance) {
                    best = bent;
                    found = true;
                    break;
                }
                if (gap > best_gap) {
                    best_gap = gap;
                    best = bent;
                }
            }
        }
        routes.push_back(best);
    }
    return routes;
}

bool RouteBox::overlaps(const RouteBox& other) const {
    return left < other.left + other.width && other.left < left + width && top < other.top + other.height &&
           other.top < top + height;
}

bool RouteBox::overlaps(const RouteDisc& disc) const {
    const double nx = std::clamp(disc.centre.x, left, left + width);
    const double ny = std::clamp(disc.centre.y, top, top + height);
    return distance({nx, ny}, disc.centre) < disc.radius;
}

RouteBox label_box(const LinkRoute& route, double width, double height, const std::vector<RouteDisc>& discs,
                   const std::vector<RouteBox>& boxes) {
    const auto box_at = [&](double t) {
        const RoutePoint c = route.at(t);
        return RouteBox{c.x - width / 2, c.y - height / 2, width, height};
    };
    const auto free = [&](const RouteBox& box) {
        return std::none_of(discs.begin(), discs.end(), [&](const RouteDisc& d) { return box.overlaps(d); }) &&
               std::none_of(boxes.begin(), boxes.end(), [&](const RouteBox& b) { return box.overlaps(b); });
    };
    // Along the curve first, then beside it (the chord's normal), nearest the middle first.
    const double dx = route.to.x - route.from.x;
    const double dy = route.to.y - route.from.y;
    const double length = std::max(1e-9, std::hypot(dx, dy));
    const double nx = -dy / length;
    const double ny = dx / length;
    // One step aside moves the label by its own extent across the link.
    const double step = (std::abs(nx) * width + std::abs(ny) * height) / 2 + 4;
    for (const double aside : {0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.0, -2.0, 3.0, -3.0, 4.0, -4.0})
        for (int k = 0; k <= 12; ++k)
            for (const double side : {1.0, -1.0}) {
                RouteBox box = box_at(0.5 + side * 0.025 * k);
                box.left += nx * aside * step;
                box.top += ny * aside * step;
                if (free(box))
                    return box;
            }
    return box_at(0.5);
}

}  // namespace distlab::netlab
