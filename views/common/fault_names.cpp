#include "views/common/fault_names.h"

#include "netlab/scenario/scenario.h"
#include "views/common/engine_text.h"

namespace distlab::views {

QString faultKindName(const QString& kind) {
    return uiText(netlab::fault_kind_text(kind.toStdString()));
}

}  // namespace distlab::views
