#pragma once
// The final demand of event shocks (docs/methodology.md, "Event shocks"): employment, labour
// income, household income and custom spending, each a column of changes in final demand.
#include "devolve/labelled_array.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"

namespace devolve::projection {

//! True for the event shock types.
bool is_event_shock(const Shock& shock);

//! Adds the change in final demand of event shock `shock` (source h) in year index t, after phasing
//! and additionality, to column col of y [GBP million], and books it by region into `demand`:
//!   employment        Δy_j = N_j / (E_j / x_j) x (1 + p_r)^(t - t0)   jobs over the year's jobs per GBP m
//!   labour_income     Δy_i = Σ_r c_{i,r} Σ_w M_{r,w} ΔW_w             through the household closure
//!   household_income  Δy_i = Σ_r y_{i,(r,hh)} / GDHI_r ΔI_r           (no household account: c_{i,r})
//!   custom_spending   Δy_j = a w_j                                    the purchases as given
void event_column(const Scenario& scenario, const Model& model, const Shock& shock, std::size_t h, std::size_t t,
                  Matrix& y, std::size_t col, LabelledArray& demand);

}  // namespace devolve::projection
