#pragma once
// Sweeps over MPI (docs/sweeps.md, "Running on a cluster"). Compiled only with DEVOLVE_MPI; this
// header names no MPI type, so the CLI includes it without MPI's headers.
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "devolve/sweep_run.hpp"

namespace devolve {

//! MPI for the life of a command started by mpirun (or srun): initialised with serialised threads
//! on construction, finalised on destruction. Rank 0 leads.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  //! Collective: every process passes its exit code and message (0: success); every process gets
  //! those of the lowest-ranked process that failed, or {0, ""} if none did.
  std::pair<int, std::string> agree(int code, const std::string& message);

 private:
  int rank_ = 0, size_ = 1;
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

//! The processes of the session as one sweep team: rank 0 keeps the journal and writes the file,
//! the runs still to do are dealt out in turn (run i of the list to rank i mod size).
std::unique_ptr<SweepTeam> mpi_sweep_team(MpiSession& session);

}  // namespace devolve
