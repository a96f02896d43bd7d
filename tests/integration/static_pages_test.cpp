// Nothing outside the web client's assets is served, shown against files that exist. (The built
// client's pages and headers are tested in tests/e2e/static.test.js.)
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

TEST_F(StaticPages, NothingOutsideTheAssetsIsServed) {
  serve_own_client();
  EXPECT_EQ(api("GET", "/assets/app.js").body, "export const ok = 1;");  // what is there is served
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
