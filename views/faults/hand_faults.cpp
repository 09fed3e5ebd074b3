#include "views/faults/hand_faults.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <chrono>
#include <memory>

#include "netlab/runner/run_control.h"
#include "netlab/scenario/scenario.h"
#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"

namespace distlab::views {

using netlab::Event;
using netlab::EventKind;
using netlab::FaultKind;
using netlab::FaultSpec;

namespace {

std::string str(const QString& text) {
    return text.toStdString();
}

core::Duration ms(double value) {
    return std::chrono::duration_cast<core::Duration>(std::chrono::duration<double, std::milli>(value));
}

FaultSpec onNode(FaultKind kind, const QString& node) {
    FaultSpec fault;
    fault.kind = kind;
    fault.nodes.ids = {str(node)};
    return fault;
}

FaultSpec oneWayCut(const QString& from, const QString& to) {
    FaultSpec fault;
    fault.kind = FaultKind::Partition;
    fault.partition.kind = netlab::PartitionSpec::Kind::OneWay;
    fault.partition.from.ids = {str(from)};
    fault.partition.to.ids = {str(to)};
    return fault;
}

FaultSpec onLink(FaultKind kind, const QString& a, const QString& b) {
    FaultSpec fault;
    fault.kind = kind;
    fault.link.from.ids = {str(a)};
    fault.link.to.ids = {str(b)};
    fault.link.both_ways = true;
    return fault;
}

}  // namespace

// ---- HeldMessagesModel ----------------------------------------------------------------------

HeldMessagesModel::HeldMessagesModel(RunTimeline& timeline, QObject* parent)
    : QAbstractTableModel(parent), m_timeline(timeline) {
    connect(&timeline, &RunTimeline::appended, this, [this](std::size_t first, std::size_t count) {
        if (m_timeline.isLive())
            take(first, count);
    });
    connect(&timeline, &RunTimeline::cursorMoved, this, &HeldMessagesModel::rebuild);
    connect(&timeline, &RunTimeline::cleared, this, &HeldMessagesModel::rebuild);
}

void HeldMessagesModel::take(std::size_t first, std::size_t count) {
    const auto& events = m_timeline.events();
    for (std::size_t i = first; i < first + count; ++i) {
        const Event& e = events[i];
        if (e.kind == EventKind::MessageHeld) {
            const int row = int(m_rows.size());
            beginInsertRows({}, row, row);
            m_rows.push_back({e.t_ns, QString::fromStdString(e.node), QString::fromStdString(e.peer),
                              QString::fromStdString(e.type), e.msg_id});
            endInsertRows();
        } else if (e.kind == EventKind::MessageDelivered || e.kind == EventKind::MessageDropped) {
            const QString from = QString::fromStdString(e.node);
            const QString to = QString::fromStdString(e.peer);
            const auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const Held& h) {
                return h.id == e.msg_id && h.from == from && h.to == to;
            });
            if (it != m_rows.end()) {
                const int row = int(it - m_rows.begin());
                beginRemoveRows({}, row, row);
                m_rows.erase(it);
                endRemoveRows();
            }
        }
    }
}

void HeldMessagesModel::rebuild() {
    beginResetModel();
    m_rows.clear();
    endResetModel();
    take(0, m_timeline.visibleCount());
}

int HeldMessagesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HeldMessagesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HeldMessagesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || role != Qt::DisplayRole || index.row() >= rowCount())
        return {};
    const Held& h = m_rows[std::size_t(index.row())];
    switch (index.column()) {
    case TimeColumn: return QString::number(double(h.tNs) / 1e9, 'f', 3);
    case FromColumn: return h.from;
    case ToColumn: return h.to;
    case TypeColumn: return h.type;
    default: return {};
    }
}

QVariant HeldMessagesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Held at (s)");
    case FromColumn: return tr("From");
    case ToColumn: return tr("To");
    case TypeColumn: return tr("Type");
    default: return {};
    }
}

// ---- HandFaults -----------------------------------------------------------------------------

HandFaults::HandFaults(LabSession& session, RunTimeline& timeline, QWidget* window)
    : QObject(window),
      m_session(session),
      m_timeline(timeline),
      m_window(window),
      m_healAll(new QAction(tr("&Heal All Faults"), this)),
      m_held(new HeldMessagesModel(timeline, this)) {
    m_healAll->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_healAll->setToolTip(tr("Heal every partition and link fault, resume paused nodes (Ctrl+H)"));
    connect(m_healAll, &QAction::triggered, this, &HandFaults::healAll);
    // A new run starts with nothing cut by hand.
    connect(&timeline, &RunTimeline::cleared, this, [this] {
        m_cuts.clear();
        m_linkFaults.clear();
        m_holds.clear();
    });
}

bool HandFaults::live() const {
    return m_session.control() != nullptr;
}

HandFaults::Ticket HandFaults::inject(const FaultSpec& fault) {
    netlab::RunControl* control = m_session.control();
    return control ? control->inject(fault) : 0;
}

void HandFaults::kill(const QString& node) {
    if (!live())
        return;
    inject(onNode(FaultKind::Kill, node));
    Q_EMIT message(tr("Killed %1 (SIGKILL).").arg(node));
}

void HandFaults::restart(const QString& node) {
    if (!live())
        return;
    inject(onNode(FaultKind::Restart, node));
    Q_EMIT message(tr("Restarting %1 with its data directory.").arg(node));
}

void HandFaults::pause(const QString& node) {
    if (!live())
        return;
    inject(onNode(FaultKind::Pause, node));
    Q_EMIT message(tr("Paused %1 (SIGSTOP).").arg(node));
}

void HandFaults::resume(const QString& node) {
    if (!live())
        return;
    inject(onNode(FaultKind::Resume, node));
    Q_EMIT message(tr("Resumed %1.").arg(node));
}

void HandFaults::skewClock(const QString& node, double offsetMs, double driftPpm) {
    if (!live())
        return;
    FaultSpec fault = onNode(FaultKind::ClockSkew, node);
    fault.offset = ms(offsetMs);
    fault.drift = driftPpm / 1e6;
    inject(fault);
    Q_EMIT message(tr("Clock of %1: %2 ms offset, %3 ppm drift.").arg(node).arg(offsetMs).arg(driftPpm));
}

bool HandFaults::isCut(const QString& from, const QString& to) const {
    return m_cuts.count({from, to}) > 0;
}

void HandFaults::toggleCut(const QString& from, const QString& to, bool bothWays) {
    netlab::RunControl* control = m_session.control();
    if (!control)
        return;
    std::vector<Link> links{{from, to}};
    if (bothWays)
        links.emplace_back(to, from);
    const bool restore = isCut(from, to);
    for (const Link& link : links) {
        const auto it = m_cuts.find(link);
        if (restore && it != m_cuts.end()) {
            for (Ticket t : it->second)
                control->heal(t);
            m_cuts.erase(it);
        } else if (!restore && it == m_cuts.end()) {
            m_cuts[link].push_back(control->inject(oneWayCut(link.first, link.second)));
        }
    }
    Q_EMIT message(restore ? tr("Restored the link %1 – %2.").arg(from, to)
                           : bothWays ? tr("Cut the link %1 – %2 both ways.").arg(from, to)
                                      : tr("Cut the link from %1 to %2 only.").arg(from, to));
}

bool HandFaults::isHeld(const QString& from, const QString& to) const {
    const auto it = m_holds.find({from, to});
    return it != m_holds.end() && it->second;
}

void HandFaults::toggleHold(const QString& from, const QString& to) {
    netlab::RunControl* control = m_session.control();
    if (!control)
        return;
    const bool hold = !isHeld(from, to);
    control->set_hold(str(from), str(to), hold);
    m_holds[{from, to}] = hold;
    Q_EMIT message(hold ? tr("Holding messages from %1 to %2: deliver or drop them in Held Messages.").arg(from, to)
                        : tr("No longer holding messages from %1 to %2.").arg(from, to));
}

bool HandFaults::setLinkFaults(const QString& a, const QString& b, double latencyMs, double jitterMs,
                               double lossPercent, double duplicatePercent) {
    netlab::RunControl* control = m_session.control();
    if (!control)
        return false;
    const Link key = a < b ? Link{a, b} : Link{b, a};
    const std::array<double, 4> values{latencyMs, jitterMs, lossPercent, duplicatePercent};
    const auto it = m_linkFaults.find(key);
    if (it == m_linkFaults.end() ? values == std::array<double, 4>{} : it->second.values == values)
        return false;
    LinkFaults& faults = m_linkFaults[key];
    for (Ticket t : faults.tickets)
        control->heal(t);
    faults.tickets.clear();
    faults.values = values;
    if (latencyMs > 0 || jitterMs > 0) {
        FaultSpec fault = onLink(FaultKind::Latency, a, b);
        fault.add = ms(latencyMs);
        fault.jitter = ms(jitterMs);
        faults.tickets.push_back(control->inject(fault));
    }
    if (lossPercent > 0) {
        FaultSpec fault = onLink(FaultKind::Loss, a, b);
        fault.rate = lossPercent / 100.0;
        faults.tickets.push_back(control->inject(fault));
    }
    if (duplicatePercent > 0) {
        FaultSpec fault = onLink(FaultKind::Duplicate, a, b);
        fault.rate = duplicatePercent / 100.0;
        faults.tickets.push_back(control->inject(fault));
    }
    if (faults.tickets.empty())
        m_linkFaults.erase(key);
    return true;
}

void HandFaults::partition(const QStringList& sideA, const QStringList& sideB) {
    if (!live() || sideA.isEmpty() || sideB.isEmpty())
        return;
    FaultSpec fault;
    fault.kind = FaultKind::Partition;
    fault.partition.kind = netlab::PartitionSpec::Kind::Groups;
    for (const QStringList* side : {&sideA, &sideB}) {
        std::vector<core::NodeId> group;
        for (const QString& node : *side)
            group.push_back(str(node));
        fault.partition.groups.push_back(std::move(group));
    }
    inject(fault);
    Q_EMIT message(tr("Partitioned {%1} from {%2}.").arg(sideA.join(QStringLiteral(", ")), sideB.join(QStringLiteral(", "))));
}

void HandFaults::healAll() {
    netlab::RunControl* control = m_session.control();
    if (!control)
        return;
    control->heal_all();
    m_cuts.clear();
    m_linkFaults.clear();
    m_holds.clear();
    Q_EMIT message(tr("Healed every partition and link fault."));
}

void HandFaults::release(int heldRow, bool deliver) {
    netlab::RunControl* control = m_session.control();
    if (!control || heldRow < 0 || heldRow >= m_held->rowCount())
        return;
    const HeldMessagesModel::Held& held = m_held->held(heldRow);
    control->release_held(str(held.from), held.id, deliver);
}

void HandFaults::holdMessage(const QString& from, const QString& to, quint64 id) {
    netlab::RunControl* control = m_session.control();
    if (!control)
        return;
    control->hold_message(str(from), id);
    Q_EMIT message(tr("Holding message %1 from %2 to %3: deliver or drop it in Held Messages.").arg(id).arg(from, to));
}

QString HandFaults::notHeldReason(const QString& from, const QString& to, quint64 id, MessageState state) const {
    switch (state) {
    case MessageState::InFlight:
        break;
    case MessageState::Held:
        return tr("Message %1 from %2 to %3 is held already: deliver or drop it in Held Messages.").arg(id).arg(from, to);
    case MessageState::Delivered:
        return tr("Message %1 from %2 to %3 was already delivered: only a message on its way can be held.")
            .arg(id)
            .arg(from, to);
    case MessageState::Dropped:
        return tr("Message %1 from %2 to %3 was dropped.").arg(id).arg(from, to);
    }
    if (!live() || !m_timeline.isLive())
        return tr("Only a message of the live run can be held.");
    return {};
}

void HandFaults::messageClicked(const QString& from, const QString& to, quint64 id, MessageState state) {
    const QString reason = notHeldReason(from, to, id, state);
    if (reason.isEmpty())
        holdMessage(from, to, id);
    else
        Q_EMIT message(reason);
}

void HandFaults::showMessageMenu(const QString& from, const QString& to, quint64 id, MessageState state,
                                 const QPoint& screenPos) {
    QMenu menu(m_window);
    menu.addSection(tr("Message %1: %2 → %3").arg(id).arg(from, to));
    const QString reason = notHeldReason(from, to, id, state);
    menu.addAction(tr("Hold This Message"), this, [this, from, to, id] { holdMessage(from, to, id); })
        ->setEnabled(reason.isEmpty());
    if (!reason.isEmpty())
        menu.addSection(reason);
    menu.exec(screenPos);
}

void HandFaults::showNodeMenu(const QString& node, const QPoint& screenPos) {
    QMenu menu(m_window);
    menu.setTitle(node);
    menu.addSection(tr("Node %1").arg(node));
    const bool on = live();
    menu.addAction(tr("Kill (SIGKILL)"), this, [this, node] { kill(node); })->setEnabled(on);
    menu.addAction(tr("Restart"), this, [this, node] { restart(node); })->setEnabled(on);
    menu.addAction(tr("Pause (SIGSTOP)"), this, [this, node] { pause(node); })->setEnabled(on);
    menu.addAction(tr("Resume"), this, [this, node] { resume(node); })->setEnabled(on);
    menu.addSeparator();
    menu.addAction(tr("Isolate from Everyone"), this, [this, node] {
        QStringList others;
        for (const QString& n : m_timeline.nodes())
            if (n != node)
                others << n;
        partition({node}, others);
    })->setEnabled(on);
    menu.addAction(tr("Clock Skew..."), this, [this, node] { editClockSkew(node); })->setEnabled(on);
    if (!on)
        menu.addSection(tr("Start a run to inject faults"));
    menu.exec(screenPos);
}

void HandFaults::showLinkMenu(const QString& from, const QString& to, const QPoint& screenPos) {
    QMenu menu(m_window);
    menu.addSection(tr("Link %1 – %2").arg(from, to));
    const bool on = live();
    const bool cut = isCut(from, to) || isCut(to, from);
    menu.addAction(cut ? tr("Restore the Link") : tr("Cut Both Ways"), this,
                   [this, from, to, cut] {
                       if (cut) {
                           if (isCut(from, to))
                               toggleCut(from, to, isCut(to, from));
                           else
                               toggleCut(to, from, false);
                       } else {
                           toggleCut(from, to, true);
                       }
                   })
        ->setEnabled(on);
    menu.addAction(tr("Cut %1 → %2 Only").arg(from, to), this, [this, from, to] { toggleCut(from, to, false); })
        ->setEnabled(on && !cut);
    menu.addAction(tr("Cut %1 → %2 Only").arg(to, from), this, [this, from, to] { toggleCut(to, from, false); })
        ->setEnabled(on && !cut);
    menu.addSeparator();
    menu.addAction(isHeld(from, to) ? tr("Stop Holding %1 → %2").arg(from, to) : tr("Hold Messages %1 → %2").arg(from, to),
                   this, [this, from, to] { toggleHold(from, to); })
        ->setEnabled(on);
    menu.addAction(isHeld(to, from) ? tr("Stop Holding %1 → %2").arg(to, from) : tr("Hold Messages %1 → %2").arg(to, from),
                   this, [this, from, to] { toggleHold(to, from); })
        ->setEnabled(on);
    menu.addSeparator();
    menu.addAction(tr("Latency, Loss, Duplication..."), this, [this, from, to] { editLinkFaults(from, to); })->setEnabled(on);
    if (!on)
        menu.addSection(tr("Start a run to inject faults"));
    menu.exec(screenPos);
}

void HandFaults::showCanvasMenu(const QPoint& screenPos) {
    QMenu menu(m_window);
    menu.addAction(m_healAll);
    m_healAll->setEnabled(live());
    if (live())
        menu.addSection(tr("Drag across the canvas to partition it"));
    menu.exec(screenPos);
}

void HandFaults::editLinkFaults(const QString& a, const QString& b) {
    const std::unique_ptr<QDialog> dialog(createLinkFaultsDialog(a, b, m_window));
    dialog->exec();
}

// Each knob is a slider and a box that follow each other; only a committed change applies (a
// slider released or moved by a click or a key, a box's value entered or stepped: its keyboard
// tracking is off, so typing "50" is one change, not "5" and then "50"), and setLinkFaults
// ignores a value already applied, so the focus leaving a box adds nothing.
QDialog* HandFaults::createLinkFaultsDialog(const QString& a, const QString& b, QWidget* parent) {
    auto* dialog = new QDialog(parent);
    dialog->setWindowTitle(tr("Link %1 – %2").arg(a, b));
    auto* form = new QFormLayout;
    struct Knob {
        QSlider* slider;
        QDoubleSpinBox* box;
    };
    const auto knob = [&](const char* name, const QString& label, double max, const QString& suffix) {
        auto* slider = new QSlider(Qt::Horizontal, dialog);
        slider->setRange(0, int(max));
        auto* box = new QDoubleSpinBox(dialog);
        box->setObjectName(QLatin1String(name));
        box->setRange(0, max);
        box->setDecimals(0);
        box->setSuffix(suffix);
        box->setKeyboardTracking(false);
        auto* row = new QHBoxLayout;
        row->addWidget(slider, 1);
        row->addWidget(box);
        form->addRow(label, row);
        return Knob{slider, box};
    };
    const std::array<Knob, 4> knobs{knob("latency", tr("Added latency"), 2000, tr(" ms")),
                                    knob("jitter", tr("Jitter"), 1000, tr(" ms")),
                                    knob("loss", tr("Loss"), 100, tr(" %")),
                                    knob("duplicate", tr("Duplication"), 100, tr(" %"))};
    // The values already applied to this link, so the dialog starts from them.
    const Link key = a < b ? Link{a, b} : Link{b, a};
    if (const auto it = m_linkFaults.find(key); it != m_linkFaults.end())
        for (std::size_t i = 0; i < knobs.size(); ++i) {
            knobs[i].box->setValue(it->second.values[i]);
            knobs[i].slider->setValue(int(it->second.values[i]));
        }
    const auto apply = [this, a, b, knobs] {
        const double latency = knobs[0].box->value();
        const double jitter = knobs[1].box->value();
        const double loss = knobs[2].box->value();
        const double duplicate = knobs[3].box->value();
        if (setLinkFaults(a, b, latency, jitter, loss, duplicate))
            Q_EMIT message(tr("Link %1 – %2: +%3 ms ± %4 ms, %5% loss, %6% duplicated.")
                               .arg(a, b)
                               .arg(latency)
                               .arg(jitter)
                               .arg(loss)
                               .arg(duplicate));
    };
    for (const Knob& k : knobs) {
        connect(k.slider, &QSlider::valueChanged, dialog, [k, apply](int v) {
            const QSignalBlocker block(k.box);
            k.box->setValue(v);
            if (!k.slider->isSliderDown())
                apply();   // a click on the groove or a key; a drag applies when released
        });
        connect(k.slider, &QSlider::sliderReleased, dialog, apply);
        connect(k.box, &QDoubleSpinBox::valueChanged, dialog, [k, apply](double v) {
            const QSignalBlocker block(k.slider);
            k.slider->setValue(int(v));
            apply();
        });
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close | QDialogButtonBox::Reset, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Reset), &QPushButton::clicked, dialog, [knobs, apply] {
        for (const Knob& k : knobs) {
            const QSignalBlocker blockBox(k.box);
            const QSignalBlocker blockSlider(k.slider);
            k.box->setValue(0);
            k.slider->setValue(0);
        }
        apply();
    });
    auto* layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    dialog->resize(420, dialog->sizeHint().height());
    return dialog;
}

void HandFaults::editClockSkew(const QString& node) {
    QDialog dialog(m_window);
    dialog.setWindowTitle(tr("Clock of %1").arg(node));
    auto* offset = new QDoubleSpinBox(&dialog);
    offset->setRange(-60000, 60000);
    offset->setDecimals(0);
    offset->setSuffix(tr(" ms"));
    auto* drift = new QDoubleSpinBox(&dialog);
    drift->setRange(-100000, 100000);
    drift->setDecimals(0);
    drift->setSuffix(tr(" ppm"));
    drift->setToolTip(tr("Rate error: 1000 ppm gains 1 ms every second"));
    auto* form = new QFormLayout;
    form->addRow(tr("Offset"), offset);
    form->addRow(tr("Drift"), drift);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    if (dialog.exec() == QDialog::Accepted)
        skewClock(node, offset->value(), drift->value());
}

QWidget* HandFaults::createHeldPanel(QWidget* parent) {
    auto* panel = new QWidget(parent);
    auto* table = new QTableView(panel);
    table->setModel(m_held);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    auto* deliver = new QPushButton(tr("&Deliver"), panel);
    auto* drop = new QPushButton(tr("D&rop"), panel);
    auto act = [this, table](bool deliverIt) {
        const QModelIndex current = table->currentIndex();
        if (current.isValid())
            release(current.row(), deliverIt);
    };
    connect(deliver, &QPushButton::clicked, this, [act] { act(true); });
    connect(drop, &QPushButton::clicked, this, [act] { act(false); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(deliver);
    buttons->addWidget(drop);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(table, 1);
    layout->addLayout(buttons);
    return panel;
}

}  // namespace distlab::views
