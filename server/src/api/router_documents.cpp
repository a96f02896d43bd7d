// Documents and the agreement over HTTPS (PROTOCOL.md §7): resumable uploads, sniffed types,
// downloads only for those who may read the channel, and the concluded agreement.
#include <spdlog/spdlog.h>

#include <boost/beast/http/file_body.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <future>

#include "api/content_type.hpp"
#include "api/router_call.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "record/agreement_html.hpp"
#include "record/canonical_json.hpp"
#include "room/case_admin.hpp"
#include "room/refusal_codes.hpp"

namespace mr::api {

namespace http = boost::beast::http;

namespace {

constexpr auto kRoomAnswerTimeout = std::chrono::seconds(15);

Response gone_case(const Request& req) {
  return error_response(req, http::status::unauthorized, "unauthorized",
                        "no session for this room");
}

json upload_json(const UploadView& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"size", u.size},
          {"offset", u.offset},
          {"channel", room::to_string(u.channel)}};
}

json document_json(const room::DocumentInfo& d) {
  return {{"id", d.id},
          {"name", d.name},
          {"size", d.size},
          {"type", d.type},
          {"sha256", d.sha256},
          {"channel", room::to_string(d.channel)},
          {"uploader", d.uploader},
          {"seq", d.seq}};
}

// RFC 6266: the original name for browsers that read filename*, an ASCII stand-in for the rest.
std::string content_disposition(std::string_view kind, const std::string& name) {
  std::string ascii;
  for (unsigned char c : name)
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? char(c) : '_';
  return std::string(kind) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
         boost::urls::encode(name, boost::urls::unreserved_chars);
}

std::string role_name(const store::Participant& p) {
  if (p.role == "mediator") return "调解员";
  if (p.role == "party") return p.side == "A" ? "申请人" : "被申请人";
  return p.role;
}

}  // namespace

std::shared_ptr<room::Room> Router::room_of(Call& call) {
  auto room = registry_.get(call.room->id);
  return room && *room ? *room : nullptr;
}

void Router::inspect(room::Room& room, const room::Room::Look& look) {
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  room.inspect([&look, done](const room::CaseState& state, const room::Room::May& may) {
    look(state, may);
    done->set_value();
  });
  // This runs on the blocking-work pool: waiting here keeps no I/O thread.
  if (finished.wait_for(kRoomAnswerTimeout) != std::future_status::ready)
    throw std::runtime_error("the room did not answer in time");
}

http::message_generator Router::create_upload(Call& call) {
  const auto& req = call.req;
  if (!call.room) return gone_case(req);
  auto parsed = read_body(req, read_upload_create);
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  const auto& asked = std::get<UploadCreateRequest>(parsed);
  const auto& name = asked.name;
  const auto size = asked.size;
  const auto channel = asked.channel;
  if (size > options_.uploads->max_size())
    return error_response(
        req, http::status::payload_too_large, "too_large",
        "documents are at most " + std::to_string(options_.uploads->max_size()) + " bytes");
  auto room = room_of(call);
  if (!room) return not_found(req, "no such room");
  const auto who = room::identity_of(*call.participant);
  bool may = false, closed = false;
  inspect(*room, [&](const room::CaseState& state, const room::Room::May& check) {
    closed = state.phase() == room::Phase::closed;
    may = room::permitted(who.role, state.phase(), room::Action::document_share) ==
              room::Verdict::allowed &&
          check(who, room::Access::write, channel, -1);
  });
  if (closed) return error_response(req, http::status::conflict, "conflict", "the case is closed");
  if (!may)
    return error_response(req, http::status::forbidden, "forbidden",
                          "you may not share into that channel");
  auto upload = options_.uploads->create(call.room->id, who.participant, channel, name, size);
  if (!upload) return unavailable(req, make_error_code(store::StoreErrc::io));
  return json_response(req, http::status::created, {{"upload", upload_json(*upload)}});
}

http::message_generator Router::show_upload(Call& call) {
  if (!call.room) return gone_case(call.req);
  auto u = options_.uploads->find(call.params["upload"], call.room->id, call.participant->id);
  if (!u) return not_found(call.req, "no such upload of yours");
  return json_response(call.req, http::status::ok, {{"upload", upload_json(*u)}});
}

http::message_generator Router::cancel_upload(Call& call) {
  if (!call.room) return gone_case(call.req);
  if (!options_.uploads->cancel(call.params["upload"], call.room->id, call.participant->id))
    return not_found(call.req, "no such upload of yours");
  Response res{http::status::no_content, call.req.version()};
  res.keep_alive(call.req.keep_alive());
  res.prepare_payload();
  return res;
}

http::message_generator Router::put_upload(Call& call) {
  const auto& req = call.req;
  if (!call.room) return gone_case(req);
  std::int64_t offset = -1;
  if (auto it = call.url.params().find("offset"); it != call.url.params().end()) {
    const std::string text = (*it).value;
    if (!text.empty() && text.size() < 16 &&
        text.find_first_not_of("0123456789") == std::string::npos)
      offset = std::stoll(text);
  }
  if (offset < 0) return bad_request(req, "offset must be given as a whole number");
  const auto& id = call.params["upload"];
  auto appended =
      options_.uploads->append(id, call.room->id, call.participant->id, offset, req.body());
  if (!appended) return not_found(req, "no such upload of yours");
  if (auto* progress = std::get_if<UploadView>(&*appended))
    return json_response(req, http::status::ok, {{"upload", upload_json(*progress)}});
  if (auto* conflict = std::get_if<Uploads::Conflict>(&*appended))
    return error_response(req, http::status::conflict, "conflict",
                          "send the bytes from the upload's offset, within its size",
                          {{"upload", upload_json(conflict->upload)}});
  if (std::holds_alternative<Uploads::Failed>(*appended))
    return unavailable(req, make_error_code(store::StoreErrc::io));

  auto& done = std::get<CompletedUpload>(*appended);
  std::error_code ignored;
  const auto type = sniff_file(done.file);
  if (!type.accepted) {
    std::filesystem::remove(done.file, ignored);
    spdlog::info("upload refused room={} type={}", call.room->id, type.mime);
    return error_response(req, http::status::unsupported_media_type, "refused_type",
                          "documents of this kind are not accepted: " + type.mime,
                          {{"type", type.mime}});
  }
  if (auto stored = options_.blobs->put(done.file, done.sha256); !stored)
    return unavailable(req, stored.error());
  auto room = room_of(call);
  if (!room) return not_found(req, "no such room");
  room::DocumentInfo document{
      "d" + crypto::random_hex(6), done.upload.name, type.mime, done.sha256,
      call.participant->id,        done.upload.size, 0,         done.upload.channel};
  auto answer = std::make_shared<std::promise<std::variant<std::int64_t, room::ActRefusal>>>();
  auto recorded = answer->get_future();
  room->share_document(room::identity_of(*call.participant), done.upload.channel, document, id,
                       [answer](std::variant<std::int64_t, room::ActRefusal> r) {
                         answer->set_value(std::move(r));
                       });
  if (recorded.wait_for(kRoomAnswerTimeout) != std::future_status::ready)
    return unavailable(req, make_error_code(store::StoreErrc::busy));
  auto result = recorded.get();
  if (auto* refusal = std::get_if<room::ActRefusal>(&result))
    return error_response(req,
                          refusal->code == room::kUnavailable ? http::status::service_unavailable
                                                              : http::status::forbidden,
                          refusal->code == room::kUnavailable ? "unavailable" : "forbidden",
                          refusal->message);
  document.seq = std::get<std::int64_t>(result);
  spdlog::info("document shared room={} document={} type={} size={}", call.room->id, document.id,
               document.type, document.size);
  return json_response(req, http::status::created, {{"document", document_json(document)}});
}

http::message_generator Router::list_documents(Call& call) {
  if (!call.room) return gone_case(call.req);
  auto room = room_of(call);
  if (!room) return not_found(call.req, "no such room");
  const auto who = room::identity_of(*call.participant);
  json list = json::array();
  inspect(*room, [&](const room::CaseState& state, const room::Room::May& may) {
    for (const auto& [_, d] : state.documents())
      if (may(who, room::Access::read, d.channel, d.seq)) list.push_back(document_json(d));
  });
  return json_response(call.req, http::status::ok, {{"documents", list}});
}

http::message_generator Router::get_document(Call& call) {
  const auto& req = call.req;
  if (!call.room) return gone_case(req);
  auto room = room_of(call);
  if (!room) return not_found(req, "no such room");
  const auto who = room::identity_of(*call.participant);
  std::optional<room::DocumentInfo> found;
  inspect(*room, [&](const room::CaseState& state, const room::Room::May& may) {
    const auto* d = state.document(call.params["document"]);
    if (d && may(who, room::Access::read, d->channel, d->seq)) found = *d;
  });
  // The same answer for a document that exists in a channel you do not read.
  if (!found) return not_found(req, "no such document");
  auto file = options_.blobs->find(found->sha256);
  if (!file) return unavailable(req, make_error_code(store::StoreErrc::not_found));
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(file->c_str(), boost::beast::file_mode::scan, ec);
  if (ec) return unavailable(req, make_error_code(store::StoreErrc::io));
  bool inline_view = false;
  if (auto it = call.url.params().find("inline"); it != call.url.params().end())
    inline_view = (*it).value == "1" &&
                  (found->type.rfind("image/", 0) == 0 || found->type == "application/pdf");
  http::response<http::file_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, found->type);
  res.set(http::field::content_disposition,
          content_disposition(inline_view ? "inline" : "attachment", found->name));
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'");
  res.set("Cross-Origin-Resource-Policy", "same-origin");
  res.set(http::field::cache_control, "private, no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return http::message_generator(std::move(res));
}

http::message_generator Router::get_agreement(Call& call) {
  const auto& req = call.req;
  if (!call.room) return gone_case(req);
  std::string format = "html";
  if (auto it = call.url.params().find("format"); it != call.url.params().end())
    format = (*it).value;
  if (format != "html" && format != "json") return bad_request(req, "format is html or json");
  auto room = room_of(call);
  if (!room) return not_found(req, "no such room");
  const auto who = room::identity_of(*call.participant);
  auto people = store_.participants(call.room->id);
  if (!people) return unavailable(req, people.error());
  std::optional<record::AgreementView> view;
  json signed_json;
  bool allowed = false;
  inspect(*room, [&](const room::CaseState& state, const room::Room::May& may) {
    allowed = may(who, room::Access::read, room::Channel::main, -1);
    const auto version = state.sealed_version();
    const auto* draft = version ? state.draft(*version) : nullptr;
    if (!allowed || !draft) return;
    record::AgreementView v{call.room->id,
                            call.room->title,
                            call.room->field,
                            draft->draft,
                            draft->version,
                            draft->sha256,
                            {},
                            {},
                            {},
                            0,
                            state.personal_status()};
    json signatures = json::array();
    for (const auto& [signer, sig] : state.signatures(*version)) {
      std::string name = signer, role = sig.role;
      for (const auto& p : *people)
        if (p.id == signer) name = p.name, role = role_name(p);
      v.signers.push_back({name, role, sig.key, sig.time_ms});
      signatures.push_back({{"seq", sig.seq},
                            {"signer", signer},
                            {"role", sig.role},
                            {"key", sig.key},
                            {"time", sig.time_ms},
                            {"signature", sig.signature}});
    }
    const auto& seal = state.seal()->body;
    v.org = seal.value("org", "");
    v.org_key = seal.value("org_key", "");
    v.sealed_ms = seal.value("time", std::int64_t(0));
    signed_json = {{"version", draft->version},
                   {"sha256", draft->sha256},
                   {"draft", draft->draft},
                   {"signatures", signatures},
                   {"seal", seal}};
    view = std::move(v);
  });
  if (!allowed) return not_found(req, "no such agreement");
  if (!view)
    return error_response(req, http::status::conflict, "conflict",
                          "the agreement is not concluded yet");
  if (format == "json") return json_response(req, http::status::ok, signed_json);
  Response res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/html; charset=utf-8");
  // Its one <style> element (so that a saved page prints alone) is allowed by its hash; it is
  // never framed or referred.
  static const std::string style_hash = [] {
    const auto digest = crypto::sha256(record::agreement_stylesheet());
    return crypto::to_base64({reinterpret_cast<const char*>(digest.data()), digest.size()});
  }();
  res.set("Content-Security-Policy", "default-src 'none'; style-src 'sha256-" + style_hash +
                                         "'; frame-ancestors 'none'; base-uri 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
  res.set(http::field::cache_control, "private, no-store");
  res.body() = record::render_agreement_html(*view);
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

}  // namespace mr::api
