#pragma once

#include <QMetaType>

namespace distlab::views {

// Where one message drawn on the canvas stands: still on its way (it can be held by hand), held,
// or arrived (delivered or dropped, still drawn for a moment so that fast hops can be seen).
enum class MessageState { InFlight, Held, Delivered, Dropped };

}  // namespace distlab::views

Q_DECLARE_METATYPE(distlab::views::MessageState)
