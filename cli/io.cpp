#include "cli/io.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace model::cli {

namespace fs = std::filesystem;

bool WantColor(const std::string& when, const std::ostream& stream) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  if (&stream == &std::cerr || &stream == &std::clog) return ::isatty(STDERR_FILENO) == 1;
  if (&stream == &std::cout) return ::isatty(STDOUT_FILENO) == 1;
  return false;
}

std::size_t TerminalColumns(const std::ostream& stream, std::size_t fallback) {
  int fd = -1;
  if (&stream == &std::cout) fd = STDOUT_FILENO;
  if (&stream == &std::cerr || &stream == &std::clog) fd = STDERR_FILENO;
  if (fd < 0 || ::isatty(fd) != 1) return fallback;
  constexpr unsigned long kMin = 20, kMax = 10000;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    char* end = nullptr;
    errno = 0;
    unsigned long n = std::strtoul(columns, &end, 10);
    if (errno == 0 && *end == '\0' && columns[0] != '-' && n >= kMin && n <= kMax) return n;
  }
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col >= kMin) return size.ws_col;
  return fallback;
}

std::optional<std::string> ReadTextFile(const std::string& path, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = fmt::format("cannot read '{}': it is a directory", path);
    return std::nullopt;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = fmt::format("cannot read '{}': {}", path, std::strerror(errno));
    return std::nullopt;
  }
  std::string text;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("cannot read '{}': {}", path, std::strerror(errno));
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

std::optional<std::string> ReadStandardInput(std::string& error) {
  std::string text;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("cannot read standard input: {}", std::strerror(errno));
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  return text;
}

std::string RepositoryRelativePath(const std::string& path) {
  if (path == "-") return path;
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return path;
  for (fs::path dir = absolute.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return fs::relative(absolute, dir, ec).generic_string();
    if (dir == dir.root_path()) break;
  }
  return path;
}

bool WriteDocument(const std::string& output, const std::string& text, std::ostream& out,
                   std::string& error) {
  if (output.empty() || output == "-") {
    out << text;
    return true;
  }
  std::error_code ec;
  if (fs::is_directory(output, ec)) {
    error = fmt::format("cannot write '{}': it is a directory; give a file name", output);
    return false;
  }
  return WriteFileAtomically(output, text, error);
}

namespace {

// Writes `text` to an open descriptor; false and `error` on failure.
bool WriteAll(int fd, const std::string& path, const std::string& text, std::string& error) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool WriteFileAtomically(const std::string& path, const std::string& text, std::string& error,
                         bool make_parents) {
  fs::path target(path);
  std::error_code ec;
  // A device, a FIFO or a symbolic link to one (-o /dev/stdout): written in place, never
  // renamed over, since there is no half-written file to avoid.
  fs::file_status existing = fs::status(target, ec);
  if (!ec && fs::exists(existing) && !fs::is_regular_file(existing)) {
    if (fs::is_directory(existing)) {
      error = fmt::format("cannot write '{}': it is a folder", path);
      return false;
    }
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
      return false;
    }
    bool ok = WriteAll(fd, path, text, error);
    if (::close(fd) != 0 && ok) {
      error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
      ok = false;
    }
    return ok;
  }
  ec.clear();
  if (target.has_parent_path() && !make_parents && !fs::exists(target.parent_path(), ec)) {
    error = fmt::format("cannot write '{}': the folder '{}' does not exist", path,
                        target.parent_path().string());
    return false;
  }
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
      error = fmt::format("cannot create '{}': {}", target.parent_path().string(), ec.message());
      return false;
    }
  }
  std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
    return false;
  }
  if (!WriteAll(fd, path, text, error)) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return false;
  }
  bool synced = ::fsync(fd) == 0;
  int sync_errno = errno;
  bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    error = fmt::format("cannot write '{}': {}", path, std::strerror(synced ? errno : sync_errno));
    ::unlink(tmp.c_str());
    return false;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

namespace {

// Why writing `rel` under `dir` would land outside `dir`, or nullopt when it stays inside.
std::optional<std::string> EscapeProblem(const fs::path& dir, const std::string& rel) {
  if (auto problem = codegen::OutputPathProblem(rel)) return "the path " + *problem;
  std::error_code ec;
  fs::path base = fs::weakly_canonical(dir, ec);
  if (ec) return ec.message();
  if (base.filename().empty()) base = base.parent_path();  // "out/" -> "out"
  fs::path folder = fs::weakly_canonical((dir / rel).parent_path(), ec);
  if (ec) return ec.message();
  auto [b, f] = std::mismatch(base.begin(), base.end(), folder.begin(), folder.end());
  if (b != base.end())
    return fmt::format("its folder resolves to '{}', outside '{}'", folder.string(), base.string());
  return std::nullopt;
}

template <typename Files>
bool WriteUnder(const std::string& dir, const Files& files, std::string& error) {
  for (const auto& [rel, text] : files) {
    if (auto problem = EscapeProblem(dir, rel)) {
      error = fmt::format("refusing to write '{}': {}", (fs::path(dir) / rel).string(), *problem);
      return false;
    }
  }
  for (const auto& [rel, text] : files) {
    if (!WriteFileAtomically((fs::path(dir) / rel).string(), text, error, true)) return false;
  }
  return true;
}

}  // namespace

bool WriteOutputMap(const std::string& dir, const codegen::OutputMap& outputs, std::string& error) {
  return WriteUnder(dir, outputs, error);
}

bool WriteOutputs(const std::string& dir, const std::map<std::string, std::string>& files,
                  std::string& error) {
  return WriteUnder(dir, files, error);
}

bool EmitDocument(const std::string& output, const std::string& text, std::ostream& out,
                  std::ostream& err) {
  std::string error;
  if (WriteDocument(output, text, out, error)) return true;
  err << "model: error: " << error << "\n";
  return false;
}

}  // namespace model::cli
