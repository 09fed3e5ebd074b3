#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace distlab::netlab {

// Where the links of a drawn topology run, so that no link passes under a node it does not join
// and no label sits on a node: the canvas (views/topology) and the report's topology picture
// draw links along these routes. Plain geometry in the drawing's own units, y down.

struct RoutePoint {
    double x = 0;
    double y = 0;
};

// A link's path: a quadratic Bézier curve from `from` through the pull of `control` to `to`;
// a straight line when `control` is the middle of the two.
struct LinkRoute {
    RoutePoint from;
    RoutePoint control;
    RoutePoint to;
    bool curved = false;

    RoutePoint at(double t) const;
};

struct RouteDisc {
    RoutePoint centre;
    double radius = 0;
};

// The route of each link (pairs of indices into `nodes`): straight where the segment keeps
// `clearance` away from every other node's disc; otherwise the least bent curve that does (bent
// to the side with more room), or, when no bend up to the segment's length clears them all,
// the one that comes least close. Links of the same two nodes, a link of a node to itself and
// links naming a node that is not in `nodes` come back straight.
std::vector<LinkRoute> route_links(const std::vector<RouteDisc>& nodes,
                                   const std::vector<std::pair<std::size_t, std::size_t>>& links, double clearance);

// The smallest gap between `route` and the discs other than its ends' (negative: it crosses
// one), sampled along the curve; a large number when there is no other disc.
double route_clearance(const LinkRoute& route, const std::vector<RouteDisc>& others);

struct RouteBox {
    double left = 0;
    double top = 0;
    double width = 0;
    double height = 0;

    bool overlaps(const RouteBox& other) const;
    bool overlaps(const RouteDisc& disc) const;
};

// Where a label `width` by `height` sits on `route`: centred on the curve's middle, or slid
// along the curve to the nearest spot where it overlaps none of `discs` and `boxes` (a node's
// disc, a node's own caption); where no spot on the curve is free (a short link), beside it, up
// to four times its own extent across the link away; the middle when nothing near is free.
RouteBox label_box(const LinkRoute& route, double width, double height, const std::vector<RouteDisc>& discs,
                   const std::vector<RouteBox>& boxes);

}  // namespace distlab::netlab
