#include "views/common/colour_scheme.h"

#include <array>

namespace distlab::views {

namespace {

ColourScheme g_scheme = ColourScheme::Standard;

// Okabe & Ito, "Color Universal Design" (2008): blue, orange, bluish green, reddish purple, sky
// blue, vermillion, grey, yellow. Red is not among them, so the message diagram's red for a
// dropped message stays apart.
constexpr std::array<QRgb, 8> kColourBlindTypes = {0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7,
                                                   0x56b4e9, 0xd55e00, 0x999999, 0xf0e442};
// Fully saturated, alternating darker and lighter, so neighbours differ in brightness as well as hue.
constexpr std::array<QRgb, 8> kHighContrastTypes = {0x0050ff, 0xff8c00, 0x008a3e, 0xff3cd2,
                                                    0x00b4d8, 0x7a3b00, 0xe6c200, 0x5a00b4};

}  // namespace

ColourScheme colourScheme() {
    return g_scheme;
}

void setColourScheme(ColourScheme scheme) {
    g_scheme = scheme;
}

QString colourSchemeKey(ColourScheme scheme) {
    switch (scheme) {
    case ColourScheme::Standard: return QStringLiteral("standard");
    case ColourScheme::HighContrast: return QStringLiteral("high-contrast");
    case ColourScheme::ColourBlindSafe: return QStringLiteral("colour-blind");
    }
    return QStringLiteral("standard");
}

std::optional<ColourScheme> colourSchemeFromKey(const QString& key) {
    for (const ColourScheme scheme : {ColourScheme::Standard, ColourScheme::HighContrast, ColourScheme::ColourBlindSafe})
        if (key == colourSchemeKey(scheme))
            return scheme;
    return std::nullopt;
}

QColor schemeToneColour(core::Tone tone) {
    switch (g_scheme) {
    case ColourScheme::Standard:
        switch (tone) {
        case core::Tone::Neutral: return QColor(0x62, 0xa0, 0xea);   // blue
        case core::Tone::Healthy: return QColor(0x57, 0xe3, 0x89);   // green
        case core::Tone::Busy: return QColor(0xf6, 0xb9, 0x3b);      // amber
        case core::Tone::Warning: return QColor(0xff, 0x78, 0x00);   // orange
        case core::Tone::Failing: return QColor(0xe0, 0x1b, 0x24);   // red
        case core::Tone::Down: return QColor(0xa5, 0x1d, 0x2d);      // dark red
        }
        break;
    case ColourScheme::HighContrast:
        // Fully saturated; neighbours in hue (yellow and orange, red and almost black) differ in
        // brightness, so a washed-out projector still tells them apart.
        switch (tone) {
        case core::Tone::Neutral: return QColor(0x00, 0x50, 0xff);   // strong blue (dark)
        case core::Tone::Healthy: return QColor(0x00, 0xe0, 0x5a);   // bright green (light)
        case core::Tone::Busy: return QColor(0xff, 0xe0, 0x00);      // yellow (lightest)
        case core::Tone::Warning: return QColor(0xff, 0x80, 0x00);   // orange (mid)
        case core::Tone::Failing: return QColor(0xd0, 0x00, 0x00);   // red (dark)
        case core::Tone::Down: return QColor(0x2a, 0x00, 0x00);      // almost black
        }
        break;
    case ColourScheme::ColourBlindSafe:
        // Okabe & Ito: healthy and failing differ in hue for every deficiency and in lightness.
        switch (tone) {
        case core::Tone::Neutral: return QColor(0x56, 0xb4, 0xe9);   // sky blue
        case core::Tone::Healthy: return QColor(0x00, 0x9e, 0x73);   // bluish green
        case core::Tone::Busy: return QColor(0xf0, 0xe4, 0x42);      // yellow
        case core::Tone::Warning: return QColor(0xe6, 0x9f, 0x00);   // orange
        case core::Tone::Failing: return QColor(0xd5, 0x5e, 0x00);   // vermillion
        case core::Tone::Down: return QColor(0x88, 0x22, 0x55);      // wine (Tol)
        }
        break;
    }
    return QColor(0x62, 0xa0, 0xea);
}

QColor messageTypeColour(std::size_t index, std::span<const QRgb> standard) {
    switch (g_scheme) {
    case ColourScheme::HighContrast: return QColor(kHighContrastTypes[index % kHighContrastTypes.size()]);
    case ColourScheme::ColourBlindSafe: return QColor(kColourBlindTypes[index % kColourBlindTypes.size()]);
    case ColourScheme::Standard: break;
    }
    return QColor(standard[index % standard.size()]);
}

}  // namespace distlab::views
