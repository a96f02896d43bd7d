#pragma once
#include <SQLiteCpp/Database.h>

namespace mr::store::sqlite {

// Brings the schema up to the newest version (PRAGMA user_version), or to `up_to` (tests of a
// migration), in one transaction.
void migrate(SQLite::Database& db, int up_to = -1);

}  // namespace mr::store::sqlite
