#pragma once
// Keeps the blocks of every WAL index (the -shm file SQLite maps into memory) allocated, so that a
// full disk is an error SQLite reports and never a SIGBUS that kills the process. Internal to
// store/sqlite.
//
// SQLite grows the index by writing one byte at the end of each 4 KiB page; on a filesystem with
// smaller blocks the rest of the page stays a hole, and the first store into it on a full disk
// raises SIGBUS. And the first connection truncates the index and grows it again, giving up
// blocks a full disk may not hand back (ext4 reuses blocks freed in a journal transaction only
// once it commits), so a server restarted on a full disk could not even read. Both go through
// system calls the unix VFS lets a program replace (sqlite3_vfs.xSetSystemCall): the page is
// allocated whole before its byte is written, and the truncation zeroes the index in place
// (the same content, the blocks kept). The index is never opened or closed here: closing any
// descriptor of a file drops every POSIX lock the process holds on it, SQLite's included.

namespace mr::store::sqlite {

// Installs the replacements in the default VFS; idempotent. Call before opening a connection.
void keep_wal_index_allocated();

}  // namespace mr::store::sqlite
