// Documents over real HTTPS (PROTOCOL.md §7): who may fetch what, the answers a download carries,
// and uploads that are too large, of a refused kind, cut off half-way or resumed, checked
// against what stays in the data directory.
#include "crypto/sha256.hpp"
#include "room_fixture.hpp"
#include "sample_files.hpp"

namespace mr::test {
namespace {

namespace fs = std::filesystem;
using namespace mr::testing_support;

constexpr std::int64_t kMaxUpload = 64 * 1024;

// RFC 5987 §3.2: every byte outside the unreserved set as %XX (upper-case hex).
std::string percent_encoded(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Text that libmagic takes for plain text, `size` bytes long.
std::string evidence_text(std::size_t size) {
  std::string out;
  for (int line = 1; out.size() < size; ++line)
    out += "第" + std::to_string(line) + "条：2025年3月至5月工资未付，每月八千元。\n";
  return out.substr(0, size);
}

class Documents : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--max-upload", std::to_string(kMaxUpload)};
  }
  std::string uploads_path() const { return "/r/" + room_ + "/api/uploads"; }
  std::string documents_path() const { return "/r/" + room_ + "/api/documents"; }

  HttpResult start(const Person& who, const std::string& name, std::int64_t size,
                   const std::string& channel) {
    return api("POST", uploads_path(), {{"name", name}, {"size", size}, {"channel", channel}},
               who.cookie);
  }
  HttpResult put(const Person& who, const std::string& upload, std::int64_t offset,
                 const std::string& bytes) {
    return https(*tls_, server_->port(), "PUT",
                 uploads_path() + "/" + upload + "?offset=" + std::to_string(offset), bytes,
                 who.cookie, {}, "application/octet-stream");
  }
  // Starts an upload and sends it whole; the answer to the last request.
  HttpResult share(const Person& who, const std::string& name, const std::string& bytes,
                   const std::string& channel = "main") {
    auto started = start(who, name, std::int64_t(bytes.size()), channel);
    if (started.status != 201) return started;
    return put(who, started.json_body()["upload"]["id"], 0, bytes);
  }
  // Shares and answers the recorded document.
  json shared(const Person& who, const std::string& name, const std::string& bytes,
              const std::string& channel) {
    auto res = share(who, name, bytes, channel);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.json_body()["document"];
  }
  HttpResult fetch(const Person& who, const std::string& document) {
    return api("GET", documents_path() + "/" + document, nullptr, who.cookie);
  }
  // Sends `bytes` from `offset` but only half of them, then drops the connection, and waits
  // until the server has let it go.
  void cut_off(const Person& who, const std::string& upload, std::int64_t offset,
               const std::string& bytes) {
    RawTls raw(*tls_, server_->port());
    raw.send("PUT " + uploads_path() + "/" + upload + "?offset=" + std::to_string(offset) +
             " HTTP/1.1\r\nHost: localhost\r\nCookie: " + who.cookie +
             "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
             std::to_string(bytes.size()) + "\r\n\r\n" + bytes.substr(0, bytes.size() / 2));
    raw.cut_off();
    EXPECT_TRUE(raw.ended(5s)) << "the server answered a request it never got whole";
  }
  // Every file in the blob store and the upload staging directory, with its size.
  std::map<std::string, std::uintmax_t> stored_files() const {
    std::map<std::string, std::uintmax_t> out;
    for (const char* sub : {"blobs", "uploads"}) {
      std::error_code ec;
      for (const auto& f : fs::recursive_directory_iterator(dir_ / sub, ec))
        if (f.is_regular_file()) out[fs::relative(f.path(), dir_).string()] = f.file_size();
    }
    return out;
  }
};

TEST_F(Documents, APartyFetchesWhatIsSharedInMainButNothingFromTheOtherSidesCaucus) {
  auto m = join(mediator_);
  auto b = join(party_b_);
  const std::string secret_name = "借条原件（仅调解员可见）.pdf";
  const auto in_caucus = shared(party_a_, secret_name, kPdf, "caucus:A");
  // Named as a JPEG, but the bytes are a PNG: the type comes from the bytes.
  const std::string name = "转账记录 截图(2025年3月).jpg";
  const auto in_main = shared(party_a_, name, kPng, "main");
  EXPECT_EQ(in_main["type"], "image/png");
  EXPECT_EQ(in_main["sha256"], crypto::sha256_hex(kPng));

  // B reads the one in main, with the headers that keep a browser from running it.
  auto got = fetch(party_b_, in_main["id"]);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, kPng);
  EXPECT_EQ(got.header("content-type"), "image/png");
  const auto disposition = got.header("content-disposition");
  EXPECT_EQ(disposition.rfind("attachment; filename=\"", 0), 0u) << disposition;
  EXPECT_NE(disposition.find("; filename*=UTF-8''" + percent_encoded(name)), std::string::npos)
      << disposition;
  EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
  const auto csp = got.header("content-security-policy");
  EXPECT_EQ(csp.rfind("sandbox;", 0), 0u) << csp;
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;

  // The caucus document does not exist for B: by id, by hash or by a guess, the same 404.
  const auto none = fetch(party_b_, "d000000000000");
  EXPECT_EQ(none.status, 404);
  for (const std::string& probe :
       {in_caucus["id"].get<std::string>(), in_caucus["sha256"].get<std::string>(),
        "..%2F..%2Fblobs%2F" + in_caucus["sha256"].get<std::string>(),
        std::string("..%2Fserver.log")}) {
    SCOPED_TRACE(probe);
    auto refused = fetch(party_b_, probe);
    EXPECT_EQ(refused.status, 404);
    EXPECT_EQ(refused.body, none.body);
    EXPECT_EQ(refused.body.find(secret_name), std::string::npos);
  }
  const auto listing = api("GET", documents_path(), nullptr, party_b_.cookie).json_body();
  json listed = json::array();
  for (const auto& d : listing["documents"]) listed.push_back(d["id"]);
  EXPECT_EQ(listed, json::array({in_main["id"]}));
  EXPECT_EQ(api("GET", documents_path(), nullptr, observer_.cookie).json_body()["documents"].size(),
            1u);

  // Its side and the mediators read it.
  for (const auto* who : {&party_a_, &mediator_}) {
    auto own = fetch(*who, in_caucus["id"]);
    EXPECT_EQ(own.status, 200);
    EXPECT_EQ(own.body, kPdf);
    EXPECT_EQ(own.header("content-type"), "application/pdf");
  }
  // Announced in its channel: the mediator hears of both, B only of the one in main.
  std::set<std::string> heard;
  while (heard.size() < 2) {
    auto e = m->next_of_type("event");
    if (e["header"]["kind"] == "document.shared") heard.insert(e["body"]["name"]);
  }
  EXPECT_EQ(heard, (std::set<std::string>{secret_name, name}));
  for (;;) {
    auto e = b->next_of_type("event");
    if (e["header"]["kind"] != "document.shared") continue;
    EXPECT_EQ(e["body"]["name"], name);
    EXPECT_EQ(e["header"]["channel"], "main");
    break;
  }
  for (const auto& text : b->received_text()) {
    EXPECT_EQ(text.find(in_caucus["id"].get<std::string>()), std::string::npos);
    EXPECT_EQ(text.find(in_caucus["sha256"].get<std::string>()), std::string::npos);
  }
  // An observer writes nothing, and B shares into no caucus but its own.
  EXPECT_EQ(start(observer_, "旁听笔记.txt", 10, "main").status, 403);
  EXPECT_EQ(start(party_b_, "x.txt", 10, "caucus:A").status, 403);
}

TEST_F(Documents, OversizedRefusedAndCutOffUploadsGetTheirErrorAndLeaveNothingOnDisk) {
  auto too_large = start(party_a_, "全部证据.pdf", kMaxUpload + 1, "main");
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(too_large.json_body()["error"], "too_large");
  EXPECT_EQ(stored_files(), (std::map<std::string, std::uintmax_t>{}));

  const std::vector<std::pair<std::string, std::string>> refused = {
      {"ELF executable", file_bytes("/bin/true").substr(0, 4096)},
      {"shell script", "#!/bin/sh\nrm -rf ~\n"},
      {"HTML", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"},
      {"SVG",
       "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">"
       "<script>alert(1)</script></svg>"},
      {"zip archive", zip_of({{"证据.pdf", kPdf}})},
  };
  for (const auto& [kind, bytes] : refused) {
    SCOPED_TRACE(kind);
    auto started = start(party_a_, "证据.pdf", std::int64_t(bytes.size()), "main");
    ASSERT_EQ(started.status, 201) << started.body;
    const std::string id = started.json_body()["upload"]["id"];
    auto res = put(party_a_, id, 0, bytes);
    EXPECT_EQ(res.status, 415) << res.body;
    EXPECT_EQ(res.json_body()["error"], "refused_type");
    EXPECT_EQ(api("GET", uploads_path() + "/" + id, nullptr, party_a_.cookie).status, 404);
    EXPECT_EQ(stored_files(), (std::map<std::string, std::uintmax_t>{}));
  }

  // Cut off in the middle of its second chunk: only the first is kept, until it is cancelled.
  const auto text = evidence_text(3000);
  auto started = start(party_a_, "工资条.txt", std::int64_t(text.size()), "main");
  const std::string id = started.json_body()["upload"]["id"];
  ASSERT_EQ(put(party_a_, id, 0, text.substr(0, 1000)).status, 200);
  cut_off(party_a_, id, 1000, text.substr(1000));
  auto where = api("GET", uploads_path() + "/" + id, nullptr, party_a_.cookie);
  EXPECT_EQ(where.json_body()["upload"]["offset"], 1000) << where.body;
  EXPECT_EQ(stored_files(),
            (std::map<std::string, std::uintmax_t>{{"uploads/" + id + ".part", 1000}}));
  EXPECT_EQ(api("DELETE", uploads_path() + "/" + id, nullptr, party_a_.cookie).status, 204);
  EXPECT_EQ(api("GET", uploads_path() + "/" + id, nullptr, party_a_.cookie).status, 404);
  EXPECT_EQ(stored_files(), (std::map<std::string, std::uintmax_t>{}));

  // None of them was recorded.
  EXPECT_EQ(api("GET", documents_path(), nullptr, mediator_.cookie).json_body()["documents"],
            json::array());
}

TEST_F(Documents, AResumedUploadIsRecordedWithTheHashOfEveryByte) {
  auto m = join(mediator_);
  const auto text = evidence_text(5000);
  auto started = start(party_a_, "欠薪明细.txt", std::int64_t(text.size()), "main");
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = started.json_body()["upload"]["id"];
  ASSERT_EQ(put(party_a_, id, 0, text.substr(0, 2000)).status, 200);
  cut_off(party_a_, id, 2000, text.substr(2000));

  // The page asks where to go on from, and a stale offset is answered with where it is.
  auto where = api("GET", uploads_path() + "/" + id, nullptr, party_a_.cookie).json_body();
  const std::int64_t offset = where["upload"]["offset"];
  EXPECT_EQ(offset, 2000);
  auto stale = put(party_a_, id, 0, text.substr(0, 2000));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.json_body()["upload"]["offset"], offset);
  // Someone else cannot go on with it.
  EXPECT_EQ(put(party_b_, id, offset, text.substr(std::size_t(offset))).status, 404);

  auto done = put(party_a_, id, offset, text.substr(std::size_t(offset)));
  ASSERT_EQ(done.status, 201) << done.body;
  const auto document = done.json_body()["document"];
  const auto sha = crypto::sha256_hex(text);
  EXPECT_EQ(document["sha256"], sha);
  EXPECT_EQ(document["size"], text.size());
  EXPECT_EQ(document["type"], "text/plain");
  EXPECT_EQ(fetch(party_b_, document["id"]).body, text);
  // Stored once under its hash, nothing left in staging, and recorded in main.
  EXPECT_EQ(stored_files(), (std::map<std::string, std::uintmax_t>{
                                {"blobs/" + sha.substr(0, 2) + "/" + sha, text.size()}}));
  for (;;) {
    auto e = m->next_of_type("event");
    if (e["header"]["kind"] != "document.shared") continue;
    EXPECT_EQ(e["body"]["sha256"], sha);
    EXPECT_EQ(e["body"]["size"], text.size());
    EXPECT_EQ(e["seq"], document["seq"]);
    break;
  }
}

}  // namespace
}  // namespace mr::test
