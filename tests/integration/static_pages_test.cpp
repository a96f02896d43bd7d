// The web client's pages and assets, with their security headers, and nothing outside them.
#include <fstream>

#include "room_fixture.hpp"

namespace mr::test {
namespace {

class StaticPages : public RoomFixture {
 protected:
  // Serves a client directory of the test's own, holding a hidden file in assets/ and a secret
  // beside the client root, so that a refusal is shown to guard something real.
  void serve_own_client() {
    const auto client = dir_ / "client";
    std::filesystem::create_directories(client / "assets");
    std::ofstream(client / "index.html") << "<html>home</html>";
    std::ofstream(client / "room.html") << "<html>room</html>";
    std::ofstream(client / "assets" / "app.js") << "export const ok = 1;";
    std::ofstream(client / "assets" / ".hidden") << "HIDDEN";
    std::ofstream(client / "secret.txt") << "SECRET";
    std::ofstream(dir_ / "outside.txt") << "OUTSIDE";
    restart_server({"--client-dir", client.string()});
  }
};

TEST_F(StaticPages, HealthAndTheClientPagesAreServed) {
  auto health = api("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json_body(), json({{"status", "ok"}}));
  for (const std::string& page :
       std::vector<std::string>{"/", "/join", "/console", "/r/" + room_ + "/"}) {
    auto res = api("GET", page);
    EXPECT_EQ(res.status, 200) << page;
    EXPECT_NE(res.body.find("<html"), std::string::npos) << page;
  }
}

TEST_F(StaticPages, AnAssetComesWithItsTypeAndSecurityHeaders) {
  serve_own_client();
  auto res = api("GET", "/assets/app.js");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "export const ok = 1;");
  EXPECT_EQ(res.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(res.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(res.header("referrer-policy"), "no-referrer");
  const auto csp = res.header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
}

TEST_F(StaticPages, NothingOutsideTheAssetsIsServed) {
  serve_own_client();
  for (const char* target :
       {"/assets/.hidden", "/assets/..", "/assets/.", "/assets/../secret.txt",
        "/assets/..%2fsecret.txt", "/assets/%2e%2e%2fsecret.txt", "/assets/%2e%2e/secret.txt",
        "/assets/../../outside.txt", "/assets/..%2f..%2foutside.txt", "/secret.txt",
        "/assets/../../etc/passwd"}) {
    SCOPED_TRACE(target);
    auto res = api("GET", target);
    EXPECT_EQ(res.status, 404);
    for (const char* secret : {"HIDDEN", "SECRET", "OUTSIDE", "root:"})
      EXPECT_EQ(res.body.find(secret), std::string::npos);
  }
}

}  // namespace
}  // namespace mr::test
