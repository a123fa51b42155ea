// A sweep shared between the processes of an MPI job (docs/sweeps.md, "Running on a cluster").
// Rank 0 leads: it keeps the journal, stores the runs every process finishes and writes the file.
// Workers send their finished runs in batches (non-blocking), and stop when the leader says so.
// Every wait polls with a short sleep instead of spinning, so a waiting rank leaves its core to
// the ranks still computing (ranks may share cores).
#include "sweep/sweep_mpi.hpp"

#include <mpi.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <deque>
#include <thread>
#include <vector>

#include "devolve/error.hpp"

namespace devolve {

namespace {

enum Tag : int { runs_tag = 1, done_tag = 2, stop_tag = 3, ack_tag = 4 };
enum Status : char { status_ok = 0, status_failed = 1, status_stopped = 2 };

void nap() { std::this_thread::sleep_for(std::chrono::microseconds(500)); }

void wait(MPI_Request& req) {
  int flag = 0;
  for (MPI_Test(&req, &flag, MPI_STATUS_IGNORE); !flag; MPI_Test(&req, &flag, MPI_STATUS_IGNORE)) nap();
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A message in flight and the bytes it sends (kept alive until it completes).
struct Outgoing {
  std::vector<char> bytes;
  MPI_Request req = MPI_REQUEST_NULL;
};

class MpiSweepTeam final : public SweepTeam {
 public:
  explicit MpiSweepTeam(MpiSession& s) : session_(s), workers_(std::size_t(s.size()), 0) {}
  bool leader() const override { return session_.rank() == 0; }

  void start(std::vector<char>& done, std::size_t width) override {
    const auto [code, message] = session_.agree(0, {});
    if (code != 0) throw TeamFailure(code, message);
    width_ = width;
    record_ = sizeof(std::uint64_t) + width * sizeof(double);
    MPI_Request req;
    MPI_Ibcast(done.data(), int(done.size()), MPI_CHAR, 0, MPI_COMM_WORLD, &req);
    wait(req);
    last_send_ = now_seconds();
  }

  std::vector<std::size_t> share(const std::vector<std::size_t>& pending) const override {
    std::vector<std::size_t> mine;
    for (std::size_t i = std::size_t(session_.rank()); i < pending.size(); i += std::size_t(session_.size()))
      mine.push_back(pending[i]);
    return mine;
  }

  bool finished(std::size_t run, const double* row, const Store& store) override {
    if (leader()) {
      receive_all(store);
      return !stopping_;
    }
    const std::uint64_t idx = run;
    const std::size_t at = batch_.size();
    batch_.resize(at + record_);
    std::memcpy(batch_.data() + at, &idx, sizeof idx);
    std::memcpy(batch_.data() + at + sizeof idx, row, width_ * sizeof(double));
    if (batch_.size() >= 64 * record_ || now_seconds() - last_send_ >= 0.2) send_batch();
    complete_sends(false);
    int flag = 0;
    MPI_Iprobe(0, stop_tag, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    if (flag) {
      MPI_Recv(nullptr, 0, MPI_CHAR, 0, stop_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      stopping_ = true;
    }
    return !stopping_;
  }

  std::string finish(const std::string& failure, bool stopped, const Store& store) override {
    if (leader()) return lead_to_the_end(failure, stopped, store);
    send_batch();
    Outgoing done;
    done.bytes.push_back(!failure.empty() ? status_failed : stopped ? status_stopped : status_ok);
    done.bytes.insert(done.bytes.end(), failure.begin(), failure.end());
    sends_.push_back(std::move(done));
    MPI_Isend(sends_.back().bytes.data(), int(sends_.back().bytes.size()), MPI_CHAR, 0, done_tag, MPI_COMM_WORLD,
              &sends_.back().req);
    complete_sends(true);
    // The leader answers every DONE with an ACK (after any STOP it sent): drain up to it.
    for (bool acked = false; !acked;) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (!flag) {
        nap();
        continue;
      }
      MPI_Recv(nullptr, 0, MPI_CHAR, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      acked = st.MPI_TAG == ack_tag;
    }
    return failure;
  }

 private:
  void send_batch() {
    last_send_ = now_seconds();
    if (batch_.empty()) return;
    sends_.push_back(Outgoing{std::move(batch_), MPI_REQUEST_NULL});
    batch_.clear();
    MPI_Isend(sends_.back().bytes.data(), int(sends_.back().bytes.size()), MPI_CHAR, 0, runs_tag, MPI_COMM_WORLD,
              &sends_.back().req);
  }

  // Frees the buffers of completed sends (in order); with `all`, waits for every one.
  void complete_sends(bool all) {
    while (!sends_.empty()) {
      int flag = 0;
      MPI_Test(&sends_.front().req, &flag, MPI_STATUS_IGNORE);
      if (flag) {
        sends_.pop_front();
        continue;
      }
      if (!all) return;
      nap();
    }
  }

  // Leader: takes every message waiting; returns whether there was one.
  bool receive_all(const Store& store) {
    bool any = false;
    for (;;) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (!flag) return any;
      any = true;
      int n = 0;
      MPI_Get_count(&st, MPI_CHAR, &n);
      std::vector<char> bytes(static_cast<std::size_t>(n));
      MPI_Recv(bytes.data(), n, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (st.MPI_TAG == runs_tag) store_records(bytes, store);
      else if (st.MPI_TAG == done_tag) worker_done(st.MPI_SOURCE, bytes);
    }
  }

  void store_records(const std::vector<char>& bytes, const Store& store) {
    std::vector<double> row(width_);
    for (std::size_t at = 0; at + record_ <= bytes.size(); at += record_) {
      std::uint64_t idx = 0;
      std::memcpy(&idx, bytes.data() + at, sizeof idx);
      std::memcpy(row.data(), bytes.data() + at + sizeof idx, width_ * sizeof(double));
      store(std::size_t(idx), row.data());
    }
  }

  void worker_done(int source, const std::vector<char>& bytes) {
    workers_[std::size_t(source)] = 1;
    ++workers_done_;
    const char status = bytes.empty() ? char(status_ok) : bytes[0];
    if (status == status_failed && first_failure_.empty()) first_failure_.assign(bytes.begin() + 1, bytes.end());
    if (status != status_ok) stop_everyone();
    MPI_Send(nullptr, 0, MPI_CHAR, source, ack_tag, MPI_COMM_WORLD);
  }

  // Leader: tells every worker still running to stop taking runs (once).
  void stop_everyone() {
    if (stopping_) return;
    stopping_ = true;
    for (int w = 1; w < session_.size(); ++w)
      if (!workers_[std::size_t(w)]) MPI_Send(nullptr, 0, MPI_CHAR, w, stop_tag, MPI_COMM_WORLD);
  }

  std::string lead_to_the_end(const std::string& failure, bool stopped, const Store& store) {
    if (!failure.empty() || stopped) stop_everyone();
    while (workers_done_ < session_.size() - 1)
      if (!receive_all(store)) nap();
    return failure.empty() ? first_failure_ : failure;
  }

  MpiSession& session_;
  std::size_t width_ = 0, record_ = 0;
  std::vector<char> batch_;   // worker: finished runs not yet sent
  std::deque<Outgoing> sends_;
  double last_send_ = 0;
  bool stopping_ = false;
  std::vector<char> workers_;  // leader: which workers have said DONE
  int workers_done_ = 0;
  std::string first_failure_;
};

}  // namespace

MpiSession::MpiSession() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw Error("devolve sweep: error: this MPI library does not allow calls from several threads (MPI_THREAD_SERIALIZED)");
  }
}

MpiSession::~MpiSession() { MPI_Finalize(); }

std::pair<int, std::string> MpiSession::agree(int code, const std::string& message) {
  int mine = code != 0 ? rank_ : INT_MAX, first = INT_MAX;
  MPI_Request req;
  MPI_Iallreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &req);
  wait(req);
  if (first == INT_MAX) return {0, {}};
  std::int64_t head[2] = {code, std::int64_t(message.size())};
  MPI_Ibcast(head, 2, MPI_INT64_T, first, MPI_COMM_WORLD, &req);
  wait(req);
  std::string text = rank_ == first ? message : std::string(std::size_t(head[1]), '\0');
  MPI_Ibcast(text.data(), int(head[1]), MPI_CHAR, first, MPI_COMM_WORLD, &req);
  wait(req);
  return {int(head[0]), text};
}

std::unique_ptr<SweepTeam> mpi_sweep_team(MpiSession& session) { return std::make_unique<MpiSweepTeam>(session); }

}  // namespace devolve
