#pragma once
// Sweeps over MPI (docs/sweeps.md, "Running on a cluster"). Compiled only with DEVOLVE_MPI; this
// header names no MPI type, so the CLI includes it without MPI's headers.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "devolve/sweep_run.hpp"

namespace devolve {

//! MPI for the life of a command started by mpirun (or srun), with serialised threads. MPI_Init
//! (which can take a good part of a second, mostly waiting: docs/performance.md, "Sweeps on MPI")
//! runs on a thread of its own, so the command reads its files meanwhile; that thread finalises
//! MPI on destruction. Right after MPI_Init that thread aborts the job if this MPI cannot serve
//! several threads or gives another rank than the launcher said. Rank 0 leads.
class MpiSession {
 public:
  //! `launcher_rank`: the rank the launcher gave this process (OMPI_COMM_WORLD_RANK, PMIX_RANK or
  //! PMI_RANK, read by the command from its environment; -1 if none). `on_ready`, when set, is called
  //! on MPI's thread once MPI is initialised (a timeline's mark). `init_first`: the constructor waits
  //! for MPI_Init, so nothing else runs (or allocates) beside it (DEVOLVE_MPI_INIT=sync,
  //! docs/sweeps.md, "Running on a cluster").
  explicit MpiSession(int launcher_rank, std::function<void()> on_ready = {}, bool init_first = false);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  //! This process's rank: the launcher's before MPI is up, which MPI's thread checks against MPI's
  //! as soon as it is; without one, MPI's, waiting for it
  int rank();
  int size();  //!< waits for MPI
  //! Waits until MPI is initialised (and checked); every MPI call comes after.
  void ready();
  //! Collective: every process passes its exit code and message (0: success); every process gets
  //! those of the lowest-ranked process that failed, or {0, ""} if none did.
  std::pair<int, std::string> agree(int code, const std::string& message);

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool up_ = false, finalise_ = false;
  int launcher_rank_ = -1, rank_ = -1, size_ = 0;
};

//! Thrown by the team's start() in the processes that got there when another did not: carries the
//! agreed exit code and message (already agreed: do not call agree() again).
class TeamFailure : public std::runtime_error {
 public:
  TeamFailure(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

//! The processes of the session as one sweep team: rank 0 keeps the journal and writes the file;
//! each rank starts with a block of the runs still to do and asks rank 0 for more as it runs out.
std::unique_ptr<SweepTeam> mpi_sweep_team(MpiSession& session);

}  // namespace devolve
