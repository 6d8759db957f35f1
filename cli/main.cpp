// Entry point of the `model` executable; see cli/app.h.
#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return model::cli::Run(argc, argv, std::cout, std::cerr);
}
