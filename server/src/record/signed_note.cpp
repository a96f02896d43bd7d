#include "record/signed_note.hpp"

#include <cstdio>
#include <stdexcept>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"

namespace mr::record {
namespace {

constexpr std::string_view kDash = "\xE2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr char kEd25519Type = '\x01';

void set(std::string* why, std::string text) {
  if (why) *why = std::move(text);
}

}  // namespace

bool valid_key_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c == '+' || c == 0x7f) return false;
  return true;
}

std::uint32_t note_key_id(std::string_view key_name, std::string_view ed25519_public_key) {
  const char sep[2] = {'\n', kEd25519Type};
  auto h = crypto::sha256({key_name, std::string_view(sep, 2), ed25519_public_key});
  return std::uint32_t(h[0]) << 24 | std::uint32_t(h[1]) << 16 | std::uint32_t(h[2]) << 8 |
         std::uint32_t(h[3]);
}

std::string key_id_hex(std::uint32_t key_id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", key_id);
  return buf;
}

std::string sign_note(std::string_view body, std::string_view key_name,
                      const crypto::Ed25519Key& key) {
  if (body.empty() || body.back() != '\n' || body.find("\n\n") != std::string_view::npos)
    throw std::invalid_argument("note body must end in one newline and hold no blank line");
  if (!valid_key_name(key_name)) throw std::invalid_argument("bad note key name");
  const std::uint32_t id = note_key_id(key_name, key.public_key());
  std::string blob = {char(id >> 24), char(id >> 16), char(id >> 8), char(id)};
  blob += key.sign(body);
  std::string out(body);
  out += '\n';
  out += kDash;
  out += key_name;
  out += ' ';
  out += crypto::to_base64(blob);
  out += '\n';
  return out;
}

std::optional<SignedNote> parse_signed_note(std::string_view text, std::string* why) {
  if (text.empty() || text.back() != '\n') {
    set(why, "a note must end in a newline");
    return std::nullopt;
  }
  // The signature block starts after the last blank line.
  const std::size_t split = text.rfind("\n\n");
  if (split == std::string_view::npos) {
    set(why, "no blank line between the note body and its signatures");
    return std::nullopt;
  }
  SignedNote note;
  note.body = std::string(text.substr(0, split + 1));
  std::string_view rest = text.substr(split + 2);
  if (rest.empty()) {
    set(why, "the note has no signature line");
    return std::nullopt;
  }
  while (!rest.empty()) {
    const std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    if (line.substr(0, kDash.size()) != kDash) {
      set(why, "a signature line must start with an em dash and a space");
      return std::nullopt;
    }
    line.remove_prefix(kDash.size());
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      set(why, "a signature line needs a key name and a signature");
      return std::nullopt;
    }
    NoteSignature sig;
    sig.key_name = std::string(line.substr(0, space));
    auto blob = crypto::from_base64(line.substr(space + 1));
    if (!valid_key_name(sig.key_name) || !blob || blob->size() < 5) {
      set(why, "malformed signature line for key '" + sig.key_name + "'");
      return std::nullopt;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(blob->data());
    sig.key_id = std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 |
                 std::uint32_t(b[3]);
    sig.signature = blob->substr(4);
    note.signatures.push_back(std::move(sig));
  }
  return note;
}

bool verify_note_signature(const SignedNote& note, std::string_view key_name,
                           std::string_view ed25519_public_key) {
  const std::uint32_t id = note_key_id(key_name, ed25519_public_key);
  for (const auto& sig : note.signatures)
    if (sig.key_name == key_name && sig.key_id == id &&
        crypto::ed25519_verify(ed25519_public_key, note.body, sig.signature))
      return true;
  return false;
}

}  // namespace mr::record
