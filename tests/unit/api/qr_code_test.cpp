// An invitation link as a QR code: a well-formed square SVG of whole modules with a quiet zone.
#include "api/qr_code.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace mr::api {
namespace {

TEST(QrCode, AnInviteLinkBecomesASquareSvgOfModules) {
  const std::string link = "https://localhost:8443/join#" + std::string(43, 'A');
  auto svg = qr_svg(link);
  ASSERT_TRUE(svg);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*svg, m, std::regex(R"re(viewBox="0 0 (\d+) (\d+)")re")));
  const int size = std::stoi(m[1]);
  EXPECT_EQ(size, std::stoi(m[2]));
  // A QR code is 17 + 4 × version modules wide; 4 modules of quiet zone on each side.
  EXPECT_EQ((size - 8 - 17) % 4, 0);
  EXPECT_GE((size - 8 - 17) / 4, 3);  // 71 bytes need at least version 4 at level M
  EXPECT_NE(svg->find("h1v1h-1z"), std::string::npos);
  EXPECT_NE(*svg, *qr_svg(link + "B"));
}

TEST(QrCode, TooMuchTextIsRefused) { EXPECT_FALSE(qr_svg(std::string(5000, 'x'))); }

}  // namespace
}  // namespace mr::api
