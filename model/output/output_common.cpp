#include "output/output_common.hpp"

#include <chrono>
#include <ctime>

#include "devolve/model_io.hpp"
#include "devolve/version.hpp"

namespace devolve {

std::string iso_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void write_root_attributes(H5File& h, const std::string& file_type, int major, int minor, const Model& m,
                           const std::string& model_path) {
  h.attr("/", "file_type", file_type);
  h.attr("/", "format_version", std::vector<std::int64_t>{major, minor});
  h.attr("/", "devolve_version", std::string(version));
  h.attr("/", "created", iso_now());
  h.attr("/", "model_id", m.id);
  h.attr("/", "model_name", m.name);
  h.attr("/", "model_path", model_path);
  h.attr("/", "model_checksum", model_checksum(m));
  h.attr("/", "currency", m.currency);
  h.attr("/", "prices", m.prices + ", " + std::to_string(m.base_year) + " prices");
  h.attr("/", "base_year", std::int64_t(m.base_year));
  std::vector<std::string> keys, values;
  for (const auto& [k, v] : m.metadata) {
    keys.push_back(k);
    values.push_back(v);
  }
  h.dimension("/model_metadata", "key", keys, "provenance key of the base model");
  h.strings("/model_metadata", "value", {"key"}, values, "provenance value: sources, assumptions, parameters");
}

void write_region_industry_dims(H5File& h, const std::string& group, const Model& m) {
  std::vector<std::string> rc, rn, ic, in;
  for (const auto& r : m.regions) rc.push_back(r.code), rn.push_back(r.name);
  for (const auto& i : m.industries) ic.push_back(i.code), in.push_back(i.name);
  h.dimension(group, "region", rc, "region code");
  h.strings(group, "region_name", {"region"}, rn, "region name");
  h.dimension(group, "industry", ic, "industry code");
  h.strings(group, "industry_name", {"industry"}, in, "industry name");
}

}  // namespace devolve
