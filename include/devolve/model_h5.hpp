#pragma once
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! Reads an HDF5 model file (docs/model-format.md, form b). Does not check identities. When
//! stored_checksum is given, it receives the file's `checksum` attribute (not verified here). With
//! a `stamp` path, the file is one the model cache keeps (H5File::open_kept).
Model read_model_h5(const std::string& file, std::string* stored_checksum = nullptr, const std::string& stamp = {});
//! Reads the model cache's solver file (write_model_h5 with `solver`): the model without z, and
//! its cache_facts (checksum, LU factors, BLAS configuration, column sums of A). Does not check
//! identities. With `flows_file` (the cache's model file beside it, kept with `flows_stamp`),
//! cache_facts->z_columns reads columns of z from that file when first asked (Model::z_columns).
Model read_solver_h5(const std::string& file, const std::string& stamp = {}, const std::string& flows_file = {},
                     const std::string& flows_stamp = {});
//! The LU factors of a solver file alone (the rest of the model is not read), for model `id` of n
//! sectors, if they were made under the BLAS configuration `blas` (else null, the factors not
//! read); throws InputError if the file holds another model or factors of another size.
std::shared_ptr<const ModelCacheFacts> read_solver_factors(const std::string& file, const std::string& id, std::size_t n,
                                                           const std::string& blas, const std::string& stamp = {});
//! Writes an HDF5 model file, atomically; refuses an existing file unless overwrite.
//! With `solver` (the model cache's solver file): without z, with the LU factors and checksum.
void write_model_h5(const Model& model, const std::string& file, bool overwrite,
                    const ModelCacheFacts* solver = nullptr);

}  // namespace devolve
