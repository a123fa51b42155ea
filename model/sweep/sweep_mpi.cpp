// A sweep shared between the processes of an MPI job (docs/sweeps.md, "Running on a cluster").
// Rank 0 leads: it keeps the journal, stores the runs every process finishes and writes the file.
// The runs are handed out while they last: each rank starts with a block, and asks rank 0 for more
// before it runs out; a thread of rank 0 answers and stores the runs the others send (in batches,
// non-blocking) as they come, while its other threads compute. Every wait polls with a short sleep
// instead of spinning (rank 0's serving thread every 2 ms), so a waiting rank leaves its core to
// the ranks still computing (ranks may share cores). All MPI calls are made under the sweep's lock
// (MPI_THREAD_SERIALIZED).
#include "sweep/sweep_mpi.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <thread>
#include <vector>

#include "devolve/error.hpp"

namespace devolve {

namespace {

enum Tag : int { runs_tag = 1, done_tag = 2, stop_tag = 3, ack_tag = 4, ask_tag = 5, grant_tag = 6 };
enum Status : char { status_ok = 0, status_failed = 1, status_stopped = 2 };

void nap(int microseconds = 500) { std::this_thread::sleep_for(std::chrono::microseconds(microseconds)); }

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
  explicit MpiSweepTeam(MpiSession& s) : session_(s) {}
  ~MpiSweepTeam() override {
    if (server_.joinable()) {  // finish() not reached (run_sweep always reaches it): end the thread
      abandon_ = true;
      server_.join();
    }
  }
  bool leader() const override { return session_.rank() == 0; }

  std::size_t start(std::vector<char>& done, std::size_t width, std::size_t chunk, std::uint64_t path) override {
    const auto [code, message] = session_.agree(0, {});
    if (code != 0) throw TeamFailure(code, message);
    // Rank 0's chunk and path for all: a rank that computed another path (DEVOLVE_SWEEP_PATH not
    // passed to its node) would compute other numbers; every rank refuses then.
    std::uint64_t lead[2] = {chunk, path};
    MPI_Request req;
    MPI_Ibcast(lead, 2, MPI_UINT64_T, 0, MPI_COMM_WORLD, &req);
    wait(req);
    const bool differs = lead[1] != path;
    const auto [code2, message2] = session_.agree(
        differs ? 2 : 0, differs ? "devolve sweep: error: rank " + std::to_string(session_.rank()) +
                                       " takes another path than rank 0 (DEVOLVE_SWEEP_PATH differs: pass it to every "
                                       "rank, e.g. mpirun -x DEVOLVE_SWEEP_PATH)"
                                 : std::string());
    if (code2 != 0) throw TeamFailure(code2, message2);
    workers_.assign(std::size_t(session_.size()), 0);
    width_ = width;
    record_ = sizeof(std::uint64_t) + width * sizeof(double);
    MPI_Ibcast(done.data(), int(done.size()), MPI_CHAR, 0, MPI_COMM_WORLD, &req);
    wait(req);
    last_send_ = now_seconds();
    return std::size_t(lead[0]);
  }

  // Every rank starts with a block of the list: rank r the r-th of `size` blocks of a quarter of
  // an equal share (at least `chunk` runs); the rest stays with rank 0, which hands it out on
  // request, guided (each grant a quarter of an equal share of what is left, at least `chunk`).
  void deal(const std::vector<std::size_t>& pending, int threads, std::size_t chunk, std::mutex& lock,
            const Store& store, const std::atomic<bool>* stop) override {
    pending_ = &pending;
    threads_ = std::size_t(std::max(1, threads));
    chunk_ = std::max<std::size_t>(1, chunk);
    lock_ = &lock;
    store_ = store;
    stop_ = stop;
    const std::size_t n = std::size_t(session_.size());
    const std::size_t block = std::min(pending.size() / n, std::max(chunk_, pending.size() / (4 * n)));
    const std::size_t first = std::size_t(session_.rank()) * block;
    for (std::size_t i = first; i < first + block; ++i) queue_.push_back(i);
    cursor_ = n * block;
    if (leader() && n > 1) server_ = std::thread([this] { serve(); });
  }

  std::optional<std::size_t> next() override {
    if (leader()) {
      if (stop_ && *stop_) stop_everyone();
      if (stopping_) return std::nullopt;
      if (queue_.empty() && cursor_ < pending_->size()) queue_.push_back(cursor_++);  // one at a time
      if (queue_.empty()) return std::nullopt;
      return pop();
    }
    take_messages();
    // Ask when the runs handed out are over; where runs are short (chunk > 1), while each thread
    // still has a chunk to start, so no thread waits for the answer.
    if (!stopping_ && !exhausted_ && !asked_ && queue_.size() <= (chunk_ > 1 ? threads_ * chunk_ : 0)) ask();
    while (queue_.empty() && !exhausted_ && !stopping_ && !(stop_ && *stop_)) {
      nap();
      take_messages();
    }
    if (stopping_ || queue_.empty()) return std::nullopt;
    return pop();
  }

  bool finished(std::size_t run, const double* row) override {
    if (leader()) return !stopping_;
    const std::uint64_t idx = run;
    const std::size_t at = batch_.size();
    batch_.resize(at + record_);
    std::memcpy(batch_.data() + at, &idx, sizeof idx);
    std::memcpy(batch_.data() + at + sizeof idx, row, width_ * sizeof(double));
    if (batch_.size() >= 64 * record_ || now_seconds() - last_send_ >= 0.2) send_batch();
    complete_sends(false);
    take_messages();
    return !stopping_;
  }

  std::string finish(const std::string& failure, bool stopped) override {
    if (leader()) return lead_to_the_end(failure, stopped);
    std::lock_guard<std::mutex> guard(*lock_);
    send_batch();
    Outgoing done;
    done.bytes.push_back(!failure.empty() ? status_failed : stopped ? status_stopped : status_ok);
    done.bytes.insert(done.bytes.end(), failure.begin(), failure.end());
    sends_.push_back(std::move(done));
    MPI_Isend(sends_.back().bytes.data(), int(sends_.back().bytes.size()), MPI_CHAR, 0, done_tag, MPI_COMM_WORLD,
              &sends_.back().req);
    complete_sends(true);
    // The leader answers every DONE with an ACK (after any STOP or grant it sent): drain up to it.
    for (bool acked = false; !acked;) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (!flag) {
        nap();
        continue;
      }
      std::uint64_t grant[2];
      MPI_Recv(grant, st.MPI_TAG == grant_tag ? 2 : 0, MPI_UINT64_T, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      acked = st.MPI_TAG == ack_tag;
    }
    return failure;
  }

 private:
  std::size_t pop() {
    const std::size_t at = queue_.front();
    queue_.pop_front();
    return (*pending_)[at];
  }

  // Worker: asks rank 0 for more runs (one request at a time).
  void ask() {
    asked_ = true;
    MPI_Send(nullptr, 0, MPI_CHAR, 0, ask_tag, MPI_COMM_WORLD);
  }

  // Worker: takes the grants and the STOP that have come.
  void take_messages() {
    for (;;) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (!flag || (st.MPI_TAG != grant_tag && st.MPI_TAG != stop_tag)) return;
      if (st.MPI_TAG == stop_tag) {
        MPI_Recv(nullptr, 0, MPI_CHAR, 0, stop_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        stopping_ = true;
        continue;
      }
      std::uint64_t grant[2] = {0, 0};  // first position in the list, count (0: none left)
      MPI_Recv(grant, 2, MPI_UINT64_T, 0, grant_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      asked_ = false;
      if (grant[1] == 0) exhausted_ = true;
      for (std::uint64_t i = 0; i < grant[1]; ++i) queue_.push_back(std::size_t(grant[0] + i));
    }
  }

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

  // Leader, its own thread: answers requests and stores the others' runs until every worker is done.
  // A stop request (SIGINT or SIGTERM to rank 0) reaches the workers from here within one nap, not
  // when one of rank 0's computing threads next asks for a run (after its run: up to seconds).
  void serve() {
    for (;;) {
      {
        std::lock_guard<std::mutex> guard(*lock_);
        if (stop_ && *stop_) stop_everyone();
        try {
          while (receive_one()) {
          }
        } catch (const std::exception& e) {  // the journal could not be written: stop the team
          if (first_failure_.empty()) first_failure_ = e.what();
          stop_everyone();
        }
        if (workers_done_ == session_.size() - 1 || abandon_) return;
      }
      // 2 ms: a grant comes within a few ms (a run takes tens), and rank 0's computing threads are
      // woken 500 times a second, not 2,000 (each wake-up costs them cache and time on a busy core).
      nap(2000);
    }
  }

  // Leader: takes one waiting message; returns whether there was one.
  bool receive_one() {
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    if (!flag) return false;
    int n = 0;
    MPI_Get_count(&st, MPI_CHAR, &n);
    std::vector<char> bytes(static_cast<std::size_t>(n));
    MPI_Recv(bytes.data(), n, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (st.MPI_TAG == runs_tag) store_records(bytes);
    else if (st.MPI_TAG == done_tag) worker_done(st.MPI_SOURCE, bytes);
    else if (st.MPI_TAG == ask_tag) grant(st.MPI_SOURCE);
    return true;
  }

  // Leader: the next runs of the list for a worker that asks (none once stopping or all handed out).
  void grant(int worker) {
    const std::size_t left = stopping_ ? 0 : pending_->size() - cursor_;
    const std::size_t share = left / (4 * std::size_t(session_.size()));
    const std::size_t count = std::min(left, std::max(chunk_, share));
    const std::uint64_t g[2] = {cursor_, count};
    cursor_ += count;
    MPI_Send(g, 2, MPI_UINT64_T, worker, grant_tag, MPI_COMM_WORLD);
  }

  void store_records(const std::vector<char>& bytes) {
    std::vector<double> row(width_);
    for (std::size_t at = 0; at + record_ <= bytes.size(); at += record_) {
      std::uint64_t idx = 0;
      std::memcpy(&idx, bytes.data() + at, sizeof idx);
      std::memcpy(row.data(), bytes.data() + at + sizeof idx, width_ * sizeof(double));
      store_(std::size_t(idx), row.data());
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

  std::string lead_to_the_end(const std::string& failure, bool stopped) {
    if (!failure.empty() || stopped) {
      std::lock_guard<std::mutex> guard(*lock_);
      stop_everyone();
    }
    if (server_.joinable()) server_.join();
    return failure.empty() ? first_failure_ : failure;
  }

  MpiSession& session_;
  std::size_t width_ = 0, record_ = 0;
  // The runs: positions in *pending_, the same list in every process.
  const std::vector<std::size_t>* pending_ = nullptr;
  std::size_t threads_ = 1, chunk_ = 1;
  std::deque<std::size_t> queue_;  // positions handed to this process, not yet started
  std::size_t cursor_ = 0;         // leader: the first position not yet handed out
  bool asked_ = false, exhausted_ = false;  // worker: a request is out; rank 0 has none left
  std::mutex* lock_ = nullptr;
  Store store_;
  const std::atomic<bool>* stop_ = nullptr;
  std::thread server_;  // leader: answers requests and stores the others' runs
  std::atomic<bool> abandon_{false};
  std::vector<char> batch_;   // worker: finished runs not yet sent
  std::deque<Outgoing> sends_;
  double last_send_ = 0;
  bool stopping_ = false;
  std::vector<char> workers_;  // leader: which workers have said DONE
  int workers_done_ = 0;
  std::string first_failure_;
};

}  // namespace

MpiSession::MpiSession(int launcher_rank, std::function<void()> on_ready, bool init_first) : launcher_rank_(launcher_rank) {
  thread_ = std::thread([this, on_ready] {
    int provided = 0, rank = 0, size = 1;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    // Checked here, on MPI's thread as soon as MPI is up, not later from another thread.
    const char* why = provided < MPI_THREAD_SERIALIZED
                          ? "this MPI library does not allow calls from several threads (MPI_THREAD_SERIALIZED)"
                      : launcher_rank_ >= 0 && launcher_rank_ != rank
                          ? "the launcher's rank (OMPI_COMM_WORLD_RANK, PMIX_RANK or PMI_RANK) is not MPI's"
                          : nullptr;
    if (why) {
      std::fprintf(stderr, "devolve sweep: error: %s\n", why);
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (on_ready) on_ready();
    std::unique_lock<std::mutex> lock(mutex_);
    rank_ = rank, size_ = size, up_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return finalise_; });
    MPI_Finalize();  // on the thread that initialised MPI
  });
  if (init_first) ready();  // DEVOLVE_MPI_INIT=sync: no other thread runs while MPI starts
}

MpiSession::~MpiSession() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finalise_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void MpiSession::ready() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return up_; });
}

int MpiSession::rank() {
  if (launcher_rank_ >= 0) return launcher_rank_;
  ready();
  return rank_;
}

int MpiSession::size() {
  ready();
  return size_;
}

std::pair<int, std::string> MpiSession::agree(int code, const std::string& message) {
  ready();
  int mine = code != 0 ? rank() : INT_MAX, first = INT_MAX;
  MPI_Request req;
  MPI_Iallreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &req);
  wait(req);
  if (first == INT_MAX) return {0, {}};
  std::int64_t head[2] = {code, std::int64_t(message.size())};
  MPI_Ibcast(head, 2, MPI_INT64_T, first, MPI_COMM_WORLD, &req);
  wait(req);
  std::string text = rank() == first ? message : std::string(std::size_t(head[1]), '\0');
  MPI_Ibcast(text.data(), int(head[1]), MPI_CHAR, first, MPI_COMM_WORLD, &req);
  wait(req);
  return {int(head[0]), text};
}

std::unique_ptr<SweepTeam> mpi_sweep_team(MpiSession& session) { return std::make_unique<MpiSweepTeam>(session); }

}  // namespace devolve
