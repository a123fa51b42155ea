#pragma once
#include <string>
#include <vector>

#include "devolve/model.hpp"

namespace devolve {

//! One failed accounting identity or data check.
struct Violation {
  std::string check;    //!< e.g. "row identity", "column identity", "negative output"
  std::string where;    //!< region and industry, e.g. "North West (TLD) / A01"
  double expected = 0;  //!< the total the identity requires [currency]
  double actual = 0;    //!< what the table has [currency]
  double relative = 0;  //!< |actual - expected| / max(|expected|, |actual|)
  std::string text() const;
};

//! Checks dimensions, finiteness, signs, and the identities of docs/methodology.md section 1:
//! rows x = Z 1 + Y 1; columns x = 1'Z + primary inputs; totals 1'Y 1 = 1'(primary) 1.
//! Returns every violation found (empty when the model is consistent).
std::vector<Violation> check_model(const Model& model);

//! Throws ModelError naming the first violations (with region, industry and size) if any.
void require_consistent(const Model& model, const std::string& source);

}  // namespace devolve
