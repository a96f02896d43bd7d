#include "package/notarisation_package.hpp"

#include "crypto/encoding.hpp"
#include "package/notarisation_html.hpp"
#include "record/canonical_json.hpp"
#include "record/event.hpp"
#include "record/merkle_tree.hpp"
#include "room/enforcement_consent.hpp"

namespace mr::package {
namespace {

using nlohmann::json;

constexpr const char* kVerifyText =
    R"(本压缩包是一份赋强公证申请材料：调解协议中债务人自愿接受强制执行的给付义务（《公证法》第三十七条），
可在不联网的情况下核验。
This archive is a package for a notary office: the mediation agreement's payment obligations
whose debtor consented to compulsory enforcement (Notarisation Law art. 37). It can be checked
offline.

打印 / To print: notarisation/dossier.html（用任意浏览器打开，A4 打印 / open in any browser, print on A4）

核验 / To verify:
    mediation-room verify <本文件.zip> --server-key <服务器密钥指纹> --org-key <调解组织印章密钥指纹>

密钥指纹须从调解组织公布的渠道取得，不能只信本压缩包。
Obtain both fingerprints from the mediation organisation through another channel.

程序会核对：调解记录的完整性（清单签名、事件头、检查点、默克尔树根）；协议文本、每个签名与印章；每项
给付义务的条款与协议一致、债务人以本人密钥签署的强制执行承诺；当事人信息与协议一致；不含背对背材料；
卷宗中每份文件均为记录所载的那一份。
It checks the record (signed manifest, headers, checkpoints, Merkle roots); the agreement text,
every signature and the seal; that each obligation's terms are the agreement's and that its
debtor signed the consent with their own key; the parties' details; that no caucus body is
present; and that the dossier shows exactly the documents the record names.

格式 / Format: protocol/RECORD.md §6.2.
)";

std::string str(const json& j, const char* key) {
  auto it = j.is_object() ? j.find(key) : j.end();
  return j.is_object() && it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json party_entry(const json& draft, const std::string& participant) {
  for (const auto& p : draft.value("parties", json::array()))
    if (str(p, "participant") == participant) return p;
  return nullptr;
}

}  // namespace

Assembled assemble_notarisation_package(const store::RoomSnapshot& s,
                                        const record::ServerKeys& keys,
                                        const record::BundleOptions& given,
                                        const std::string& requester) {
  const auto state = case_state_of(s);
  if (!requester.empty() && requester != state.presiding())
    return PackageRefusal{"forbidden",
                          "赋强公证材料由主持调解员下载。/ Only the presiding mediator downloads "
                          "the notarisation package."};
  if (!state.seal())
    return PackageRefusal{"not_concluded",
                          "调解协议尚未经各方签名并加盖调解组织印章，不能制作赋强公证材料。/ The "
                          "agreement is not concluded (signed by all and sealed) yet."};
  const auto items = state.enforceable_items();
  if (items.empty())
    return PackageRefusal{"no_consent",
                          "协议中没有债务人承诺自愿接受强制执行的给付义务（《公证法》第三十七条）。"
                          "/ No payment item of the agreement carries its debtor's consent to "
                          "compulsory enforcement."};
  const auto* draft = state.draft(*state.sealed_version());
  const auto& consents = state.enforcement_consents(draft->version);
  json obligations = json::array();
  for (const auto& id : items) {
    const auto& item = *room::draft_item(draft->draft, id);
    const auto& payment = item["payment"];
    obligations.push_back({{"item", id},
                           {"text", str(item, "text")},
                           {"payment", payment},
                           {"consent_seq", consents.at(id).seq},
                           {"debtor", party_entry(draft->draft, str(payment, "debtor"))},
                           {"creditor", party_entry(draft->draft, str(payment, "creditor"))}});
  }

  record::MerkleTree tree;
  for (const auto& e : s.events) tree.append(record::leaf_hash(e.header));
  const std::string root_hex = crypto::to_hex(crypto::as_view(tree.root()));
  std::map<std::string, std::string> names;
  for (const auto& p : s.participants) names[p.id] = p.name;
  const json descriptor = {
      {"package", kNotarisationFormat},
      {"room", s.room.id},
      {"record_size", std::int64_t(tree.size())},
      {"record_root", root_hex},
      {"agreement",
       {{"file", "agreement/versions/" + std::to_string(draft->version) + ".json"},
        {"version", draft->version},
        {"sha256", draft->sha256},
        {"seal_seq", state.seal()->seq}}},
      {"parties", draft->draft.value("parties", json::array())},
      {"obligations", obligations},
      {"dossier", "notarisation/dossier.html"}};

  auto options = given;
  options.now_ms = given.now_ms != 0 ? given.now_ms : record::now_ms();
  options.extra_files["notarisation/package.json"] = record::to_canonical(descriptor);
  options.extra_files["notarisation/dossier.html"] =
      render_notarisation_html({s, state, names, descriptor, root_hex, keys.current().fingerprint});
  options.extra_files["VERIFY.txt"] = kVerifyText;
  auto bundle = record::assemble_bundle(s, keys, false, options);
  if (auto* why = std::get_if<std::string>(&bundle)) return *why;
  auto& b = std::get<record::Bundle>(bundle);
  if (b.summary.root_hex != root_hex) return "the bundle's root is not the descriptor's";
  return std::move(b);
}

PackageResult export_notarisation_package(store::Store& store, const std::string& room,
                                          const record::ServerKeys& keys,
                                          const std::filesystem::path& out,
                                          record::BundleOptions options,
                                          const std::string& requester) {
  if (options.now_ms == 0) options.now_ms = record::now_ms();
  return write_package(store, room, out, options.now_ms, [&](const auto& snapshot) {
    return assemble_notarisation_package(snapshot, keys, options, requester);
  });
}

}  // namespace mr::package
