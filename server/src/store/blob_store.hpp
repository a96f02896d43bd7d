#pragma once
// Documents' bytes, stored once each and named by their SHA-256 (DESIGN §7: addressable by hash,
// so object storage can replace the directory later). The default keeps them under
// <data_dir>/blobs/<first two hex digits>/<sha256>, owner-only.
// Thread-safety: every member function may be called from any thread.
#include <filesystem>
#include <optional>
#include <string>

#include "store/result.hpp"

namespace mr::store {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Takes the fully written, fsynced `file` in as the blob `sha256` (the caller computed it);
  // the file is moved, or removed when the blob exists already.
  virtual Result<void> put(const std::filesystem::path& file, const std::string& sha256) = 0;
  // A local file holding the blob, to stream; nullopt if there is no such blob.
  virtual std::optional<std::filesystem::path> find(const std::string& sha256) const = 0;
};

class FileBlobStore final : public BlobStore {
 public:
  explicit FileBlobStore(std::filesystem::path data_dir);
  Result<void> put(const std::filesystem::path& file, const std::string& sha256) override;
  std::optional<std::filesystem::path> find(const std::string& sha256) const override;

 private:
  std::filesystem::path path_of(const std::string& sha256) const;
  std::filesystem::path root_;
};

}  // namespace mr::store
