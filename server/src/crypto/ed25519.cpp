#include "crypto/ed25519.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

namespace mr::crypto {
namespace {

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY* key) { return {key, EVP_PKEY_free}; }

void set(std::string* why, std::string text) {
  if (why) *why = std::move(text);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) return false;
    data.remove_prefix(std::size_t(n));
  }
  return true;
}

}  // namespace

Ed25519Key Ed25519Key::generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!key) throw std::runtime_error("ed25519: key generation failed");
  return Ed25519Key(wrap(key));
}

std::optional<Ed25519Key> Ed25519Key::from_seed(std::string_view seed) {
  if (seed.size() != 32) return std::nullopt;
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(seed), seed.size());
  if (!key) return std::nullopt;
  return Ed25519Key(wrap(key));
}

std::optional<Ed25519Key> Ed25519Key::from_pem(std::string_view pem, std::string* why) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())),
                                                BIO_free);
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key) {
    set(why, "not a PEM private key");
    return std::nullopt;
  }
  auto owned = wrap(key);
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    set(why, "the PEM key is not an Ed25519 key");
    return std::nullopt;
  }
  return Ed25519Key(std::move(owned));
}

std::optional<Ed25519Key> Ed25519Key::load_pem_file(const std::filesystem::path& path,
                                                    std::string* why) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    set(why, "cannot open " + path.string());
    return std::nullopt;
  }
  std::string pem;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) pem.append(buf, std::size_t(n));
  ::close(fd);
  if (n < 0) {
    set(why, "cannot read " + path.string());
    return std::nullopt;
  }
  std::string reason;
  auto key = from_pem(pem, &reason);
  if (!key) set(why, path.string() + ": " + reason);
  return key;
}

std::string Ed25519Key::to_pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("ed25519: PEM encoding failed");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, std::size_t(len));
}

bool Ed25519Key::save_pem_file(const std::filesystem::path& path, std::string* why) const {
  const std::filesystem::path tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    set(why, "cannot create " + tmp.string());
    return false;
  }
  // fchmod as well: the mode given to open() is narrowed by umask but never widened, and a
  // private key must not depend on the caller's umask being sane.
  bool ok = ::fchmod(fd, 0600) == 0 && write_all(fd, to_pem()) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    set(why, "cannot write " + path.string());
    return false;
  }
  return true;
}

std::string Ed25519Key::public_key() const {
  std::string out(kEd25519PublicKeySize, '\0');
  std::size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(out.data()), &len) !=
          1 ||
      len != kEd25519PublicKeySize)
    throw std::runtime_error("ed25519: cannot read public key");
  return out;
}

std::string Ed25519Key::sign(std::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string sig(kEd25519SignatureSize, '\0');
  std::size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes(message),
                     message.size()) != 1 ||
      len != kEd25519SignatureSize)
    throw std::runtime_error("ed25519: signing failed");
  return sig;
}

bool ed25519_verify(std::string_view public_key, std::string_view message,
                    std::string_view signature) {
  if (public_key.size() != kEd25519PublicKeySize || signature.size() != kEd25519SignatureSize)
    return false;
  auto key = wrap(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(public_key), public_key.size()));
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(message),
                          message.size()) == 1;
}

}  // namespace mr::crypto
