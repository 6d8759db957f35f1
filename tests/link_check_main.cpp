// The executable of each link_check_<lib> target (tests/CMakeLists.txt): nothing runs; the link
// of the whole library against only its declared dependencies is the check.
int main() { return 0; }
