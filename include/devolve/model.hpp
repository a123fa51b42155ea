#pragma once
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "devolve/matrix.hpp"

namespace devolve {

//! A labelled item: a region or an industry.
struct Label {
  std::string code;  //!< short code, e.g. "TLD" or "A01"
  std::string name;  //!< readable name, e.g. "North West"
};

//! What a final-demand category is, so the engine can close the model with households.
enum class FinalDemandRole { households, npish, government, gfcf, inventories, exports, other };

//! A final-demand category; every region has one column of each.
struct FinalDemandCategory {
  std::string code;
  std::string name;
  FinalDemandRole role = FinalDemandRole::other;
};

//! What a primary-input row is: imports and product taxes, or a component of value added.
enum class PrimaryRole { imports, product_taxes, compensation, surplus, production_taxes, other_value_added };

//! A primary-input row (below the intermediate block in each column).
struct PrimaryInput {
  std::string code;
  std::string name;
  PrimaryRole role = PrimaryRole::other_value_added;
};

//! A satellite row: a quantity attributed to each region-industry (jobs, FTE, emissions, ...).
struct Indicator {
  std::string code;         //!< e.g. "jobs"
  std::string name;         //!< e.g. "Employment"
  std::string unit;         //!< unit of the totals, e.g. "jobs" or "kt CO2e"
  std::string description;  //!< source and definition
};

//! What the model cache keeps of a model beside its tables (docs/model-format.md, "The model
//! cache"), so that a run neither hashes nor factorises it again.
struct ModelCacheFacts {
  std::string checksum;      //!< model_checksum of the model, as this devolve wrote it
  Matrix lu;                 //!< dgetrf's LU factors of (I - A), n x n; empty if not kept, or if mapped
  std::vector<int> pivots;   //!< dgetrf's row interchanges (1-based)
  std::string blas;          //!< the BLAS configuration that made them (blas_configuration())
  //! The factors mapped read-only from the cache's solver file instead of held in `lu` (n x n,
  //! column-major, n = pivots.size()); the mapping lasts while a copy of this pointer does.
  std::shared_ptr<const double> lu_mapped;
  //! Column sums of A as the factorisation computed them (1 - the column sums of I - A), where
  //! every entry of A is non-negative; empty otherwise or if not kept. With them a run proves the
  //! kept factors' system productive by the column-sum bound, without a solve (docs/methodology.md,
  //! section 3), as a fresh factorisation does.
  Vector a_column_sums;
  //! The Type II border of these factors, W = (I - A)^-1 Hc (n x R), and the household closure's
  //! Hc it was solved for (n x R), where the model has a Type II system; empty otherwise. A run
  //! whose Hc is the same bit for bit takes W instead of its R solves (the same bits).
  Matrix type_ii_w, type_ii_hc;
  //! Where the cache left z unread (a model read from the solver file): reads columns `cols` of z
  //! from the cache's model file (n x k, column q is column cols[q]), or throws Error. Empty if not.
  std::function<Matrix(const std::vector<std::size_t>& cols)> z_columns;
  //! The order n of the factors (0 if none are kept) and their column-major values.
  std::size_t lu_order() const { return lu_mapped ? pivots.size() : lu.rows(); }
  const double* lu_data() const { return lu_mapped ? lu_mapped.get() : lu.data(); }
};

//! Where a region of a model lies, from its metadata (docs/data.md, "User-defined geographies";
//! Model::places).
struct RegionPlace {
  bool of_lads = false;               //!< an area of local authorities (metadata area.<code>)
  std::array<std::string, 3> itl;     //!< the ITL1, ITL2, ITL3 areas holding all its LADs (area_itl1/2/3.<code>), "" where none does
  std::vector<std::string> itl3s;     //!< the ITL3 areas of its LADs where they span several (area_itl3_list.<code>)
};

struct MrioStructure;
struct FactoredFinalDemand;

//! A shared pointer that a copy does not carry (moves do): for facts about one object, such as
//! Model::cache_facts, which must not follow a copy whose numbers may then change.
template <class T>
class UncopiedPtr {
 public:
  UncopiedPtr() = default;
  template <class U>
  UncopiedPtr(std::shared_ptr<U> p) : p_(std::move(p)) {}  // NOLINT: implicit, as for shared_ptr
  UncopiedPtr(const UncopiedPtr&) noexcept {}
  UncopiedPtr& operator=(const UncopiedPtr&) noexcept {
    p_.reset();
    return *this;
  }
  UncopiedPtr(UncopiedPtr&&) noexcept = default;
  UncopiedPtr& operator=(UncopiedPtr&&) noexcept = default;
  const T* operator->() const { return p_.get(); }
  const T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  const std::shared_ptr<const T>& get() const { return p_; }
  void reset() { p_.reset(); }

 private:
  std::shared_ptr<const T> p_;
};

//! A labelled multi-region input-output table.
//! Sector index k = r * S + s for region r and industry s (region-major), n = R * S.
//! Flows are in the model's currency unit (for shipped UK models: GBP million, basic prices).
struct Model {
  std::string id;           //!< identity, e.g. "uk-itl1-2022"
  std::string name;         //!< readable title
  std::string description;  //!< what the table is and where it comes from
  int base_year = 0;        //!< year of the flows
  std::string currency = "GBP million";  //!< unit of every flow
  std::string prices = "basic prices";   //!< price concept of the flows

  std::vector<Label> regions;
  std::vector<Label> industries;
  std::vector<FinalDemandCategory> final_demand_categories;
  std::vector<PrimaryInput> primary_inputs;
  std::vector<Indicator> indicators;

  Matrix z;                 //!< intermediate flows, n x n, from sector (row) to sector (column) [currency]; empty when factored
  Matrix final_demand;      //!< n x (R*K), column r*K + k: category k of region r [currency]; empty when factored
  //! A factored model (large regionalised tables, docs/model-format.md "Factored models") keeps A
  //! and final demand in factored form instead of z and final_demand: Z(a, b) = A(a, b) x_b.
  std::shared_ptr<const MrioStructure> coefficients;
  std::shared_ptr<const FactoredFinalDemand> factored_final_demand;
  Matrix primary;           //!< P x n, primary inputs by purchasing sector [currency]
  Matrix indicator_totals;  //!< I x n, indicator totals by sector [indicator unit]
  Vector output;            //!< gross output by sector, n [currency]
  Vector population;        //!< resident population by region, R, or empty if unknown [persons]
  std::string population_source;  //!< publisher, table and year of the population figures
  //! Household account for Type II (docs/methodology.md, "Type II"); all empty if the model has none.
  Matrix residence_share;       //!< R x R: share of compensation earned in workplace region w (column) received by residents of region r (row) [1]
  Vector household_gdhi;        //!< R: residents' gross disposable household income [currency]
  Vector household_gross_income;  //!< R: residents' gross income, primary plus secondary resources [currency]

  //! Free-form provenance: sources, assumptions, regionalisation parameters (key, value) in order.
  std::vector<std::pair<std::string, std::string>> metadata;
  //! Relative tolerance of the accounting-identity checks
  double tolerance = 1e-6;
  //! Set by the model cache alone, for a model it built or read from a sealed cache file (written
  //! by this devolve after every identity was checked); with the LU factors, z may be left empty
  //! (ModelSettings::need_flows). A copy of the model does not carry it (UncopiedPtr): a copy may
  //! be changed; a model changed in place must reset it.
  UncopiedPtr<ModelCacheFacts> cache_facts;

  std::size_t num_regions() const { return regions.size(); }
  std::size_t num_industries() const { return industries.size(); }
  std::size_t num_sectors() const { return regions.size() * industries.size(); }
  std::size_t num_categories() const { return final_demand_categories.size(); }
  //! True if the model holds its flows in factored form (coefficients), not as z and final_demand
  bool factored() const { return coefficients != nullptr; }
  //! Columns cols of z (n x k, column q is column cols[q]) [currency]: from z, or where the model
  //! cache left z unread (ModelCacheFacts::z_columns), read from the cache; throws Error if neither.
  Matrix z_columns(const std::vector<std::size_t>& cols) const;
  //! True if z_columns can give columns: z is held, or the cache can read them
  bool has_z_columns() const;
  //! Final demand of column r*K + k for sector `row`, from whichever form the model holds [currency]
  double final_use(std::size_t row, std::size_t column) const;
  //! Sum of a sector's final demand over every column [currency]
  double final_use_total(std::size_t row) const;
  std::size_t sector(std::size_t region, std::size_t industry) const { return region * industries.size() + industry; }
  std::size_t region_of(std::size_t sector) const { return sector / industries.size(); }
  std::size_t industry_of(std::size_t sector) const { return sector % industries.size(); }
  //! "TLD/A01"-style label of a sector
  std::string sector_label(std::size_t sector) const;

  //! Index of a region by code or name (case-insensitive); throws Error listing known codes.
  std::size_t region_index(std::string_view code_or_name) const;
  //! Index of an industry by code or name (case-insensitive); throws Error.
  std::size_t industry_index(std::string_view code_or_name) const;
  //! Index of an indicator by code; throws Error.
  std::size_t indicator_index(std::string_view code) const;
  //! Index of the first final-demand category with this role, or npos.
  std::size_t category_with_role(FinalDemandRole role) const;
  //! Index of the first primary input with this role, or npos.
  std::size_t primary_with_role(PrimaryRole role) const;
  //! Value of a metadata key, or empty.
  std::string meta(std::string_view key) const;
  //! Extra-Regio GVA the regionalisation allocated to each region (metadata extra_regio_gva.<code>;
  //! 0 where there is none), to leave out of GVA per head (docs/data.md) [currency]
  std::vector<double> extra_regio_gva() const;
  //! Where each region lies (RegionPlace), read from the metadata in one pass: the one reader of
  //! area_itl1/2/3.<code> and area_itl3_list.<code>.
  std::vector<RegionPlace> places() const;
  //! The ITL1 regions (codes, e.g. "TLD") each region lies in: for an area of local authorities
  //! (metadata area.<code>) the ITL1 region holding all its LADs (area_itl1.<code>) or, for one
  //! whose LADs span ITL1 regions, those of its ITL3 units (area_itl3_list.<code>); for an ITL area
  //! ("TLD3", "TLD-rest") the first three characters of its code; none for any other region.
  std::vector<std::vector<std::string>> itl1s_of_regions() const { return itl1s_of_regions(places()); }
  //! The same from places() already read
  std::vector<std::vector<std::string>> itl1s_of_regions(const std::vector<RegionPlace>& places) const;
  //! The regions lying wholly inside the ITL1 regions `itl1` (codes): every ITL1 region of theirs
  //! (itl1s_of_regions) is among them. `straddling`, if given, gets those lying partly inside.
  std::vector<std::size_t> regions_inside_itl1(const std::vector<std::string>& itl1,
                                               std::vector<std::size_t>* straddling = nullptr) const {
    return regions_inside_itl1(itl1s_of_regions(), itl1, straddling);
  }
  //! The same from itl1s_of_regions() already computed (a scenario reads them once for all its groups)
  static std::vector<std::size_t> regions_inside_itl1(const std::vector<std::vector<std::string>>& itl1s_of_regions,
                                                      const std::vector<std::string>& itl1,
                                                      std::vector<std::size_t>* straddling = nullptr);

  //! Gross value added by sector: the sum of the value-added rows [currency]
  Vector gva() const;
  //! Compensation of employees by sector, or zeros if the model has none [currency]
  Vector compensation() const;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

//! Text of a role, as written in model files ("households", "compensation", ...).
std::string to_string(FinalDemandRole role);
std::string to_string(PrimaryRole role);
//! Parses a role; returns false if the text names none.
bool parse_role(std::string_view text, FinalDemandRole& role);
bool parse_role(std::string_view text, PrimaryRole& role);
//! True for the primary-input roles that are part of gross value added.
bool is_value_added(PrimaryRole role);

}  // namespace devolve
