#include "api/qr_code.hpp"

#include <qrencode.h>

namespace mr::api {

std::optional<std::string> qr_svg(std::string_view text) {
  const std::string input(text);
  // Level M survives some smudging of a printed or photographed code.
  QRcode* code = QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return std::nullopt;
  constexpr int kQuiet = 4;  // the white border scanners need, in modules
  const int size = code->width + 2 * kQuiet;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        svg += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h1v1h-1z";
  svg += "\"/></svg>";
  QRcode_free(code);
  return svg;
}

}  // namespace mr::api
