#pragma once
// Shared between reading and running sweeps.
#include <string>

#include "devolve/model.hpp"

namespace devolve::sweep_detail {

//! True for the regionalisation paths model.delta, model.beta.
bool is_model_path(const std::string& path);

//! How a sweep's runs solve (I - A), as its journal's key and file's `solver` name it (sweep_run.cpp):
//! `samples_factored`, a model.* sample's table built in factored form; else from `base`, the
//! Leontief::solver_description of the system the setup factorised (empty: none).
std::string sweep_solver(const Model& model, bool samples_factored, const std::string& base);

}  // namespace devolve::sweep_detail
