#pragma once
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"

namespace devolve {

//! Household-closure coefficients for Type II (docs/methodology.md, "Type II: households where
//! they live"). With the model's household account (residence shares and residents' GDHI and
//! gross income):
//!   row(r, j) = M(r, w(j)) * compensation_j / x_j   residents of r paid per unit of output of j,
//!   col(i, r) = HH(i, r) / G_r                        consumption per unit of residents' gross income,
//! where M(r, w) is the share of workplace region w's compensation received by residents of r and
//! G_r the residents' gross income, so col sums to (HH_r / GDHI_r) * (GDHI_r / G_r): the propensity
//! to consume out of disposable income times the share of gross income left after taxes, social
//! contributions and other payments. Without an account (e.g. toy models), residence = workplace
//! and col(i, r) = HH(i, r) / (compensation earned in r).
struct HouseholdClosure {
  Matrix row;  //!< R x n [currency per currency]
  Matrix col;  //!< n x R [currency per currency]
};

//! Builds the closure from the model's "compensation" primary input and "households" category;
//! throws ModelError if the model has either missing or its household account is malformed.
HouseholdClosure household_closure(const Model& model);

//! Residents' compensation by region for compensation earned by workplace region:
//! income_r = sum_w M(r, w) comp_w (identity M without an account) [currency].
Vector residents_compensation(const Model& model, const Vector& workplace_compensation);

//! The residence shares M(r, w) of the model's household account, R x R (identity without one) [1].
Matrix residence_shares(const Model& model);

//! Income base G_r of each residence region's consumption: residents' gross income with an
//! account, else the compensation earned in the region [currency].
Vector household_income_base(const Model& model);

//! Column `region` of the closure's col without building the closure (n x R): region r's households'
//! purchases by sector per unit of its income base G_r (household_income_base), n [currency per currency].
//! Throws ModelError as household_closure does. O(n).
Vector household_consumption(const Model& model, std::size_t region);

//! Household consumption per unit of residents' gross income by region: sum_i col(i, r) [1].
Vector consumption_propensity(const Model& model);

}  // namespace devolve
