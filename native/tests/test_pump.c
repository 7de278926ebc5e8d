/* test_pump.c: placeholder */
int main(void) { return 0; }
