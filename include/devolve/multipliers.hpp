#pragma once
#include <string>
#include <vector>

#include "devolve/leontief.hpp"
#include "devolve/model.hpp"

namespace devolve {

//! A quantity per unit of output of each sector, whose multipliers are reported: output itself,
//! GVA, household income (compensation of employees), and each indicator of the model.
struct Measure {
  std::string code;    //!< "output", "gva", "income", or an indicator code
  std::string name;    //!< readable name
  std::string unit;    //!< unit of the totals, e.g. "GBP million" or "jobs"
  Vector coefficient;  //!< per unit of output, by sector [unit per currency unit of output]
};

//! The measures of a model, in order: output, gva, income (if the model has compensation), indicators.
std::vector<Measure> measures(const Model& model);

//! Multipliers of every sector: the effect on each measure of one currency unit (GBP 1m) of final
//! demand for the sector's output, by the region where the effect lands (docs/methodology.md).
struct Multipliers {
  std::vector<Measure> measures;
  std::size_t regions = 0;  //!< R
  std::size_t sectors = 0;  //!< n
  bool has_type_ii = false;
  std::string solver;       //!< how (I - A) was solved (Leontief::solver_description)
  //! (measure m, destination region d, sector j) at (m * R + d) * n + j, Type I [measure unit per currency]
  std::vector<double> type_i_by_destination;
  //! The same for Type II; empty when the model has no household closure
  std::vector<double> type_ii_by_destination;
  //! Sums over destinations, (m, j) at m * n + j, as total() adds them (compute_multipliers fills
  //! them; empty: summed on each call)
  std::vector<double> type_i_totals, type_ii_totals;

  //! Direct effect: the measure's own coefficient for sector j
  double direct(std::size_t m, std::size_t j) const { return measures[m].coefficient[j]; }
  //! Total Type I effect of final demand for sector j (all destinations)
  double type_i(std::size_t m, std::size_t j) const {
    return type_i_totals.empty() ? total(type_i_by_destination, m, j) : type_i_totals[m * sectors + j];
  }
  //! Total Type II effect
  double type_ii(std::size_t m, std::size_t j) const {
    return type_ii_totals.empty() ? total(type_ii_by_destination, m, j) : type_ii_totals[m * sectors + j];
  }
  //! Fills type_i_totals and type_ii_totals from the rows by destination (row after row, so
  //! cache-friendly at R = 361; the same sums in the same order as total)
  void sum_destinations();
  //! Effect landing in destination region d
  double type_i_in(std::size_t m, std::size_t d, std::size_t j) const { return type_i_by_destination[(m * regions + d) * sectors + j]; }
  double type_ii_in(std::size_t m, std::size_t d, std::size_t j) const { return type_ii_by_destination[(m * regions + d) * sectors + j]; }

 private:
  double total(const std::vector<double>& v, std::size_t m, std::size_t j) const;
};

//! Computes multipliers with right-hand solves against the factorisations (no inverse).
//! type_ii may be null (Type I only).
Multipliers compute_multipliers(const Model& model, const Leontief& type_i, const Leontief* type_ii);
//! The same with Type II wherever the model supports it, building only the systems it needs: on the
//! dense LU none (the Type II rows come from the Type I rows, and Leontief::check_households checks
//! the closure with one solve instead of forming W); on the structured solver the bordered system.
//! Throws ModelError as Leontief::with_households does.
Multipliers compute_multipliers(const Model& model, const Leontief& type_i);

//! True if the model can be closed with households (it has compensation and a households category).
bool supports_type_ii(const Model& model);

}  // namespace devolve
