/* A stand-in bcryptprimitives.dll for running sanshai.exe under wine versions that lack it
 * (Debian 12's wine 8): Rust's standard library asks this DLL's ProcessPrng for random bytes
 * (hash map keys), and the program does not start without it. Windows 10 and later have the
 * real one; this file is only built by tests/windows.rs and put beside the test's copy of the
 * program, never shipped. ProcessPrng here calls RtlGenRandom (advapi32's SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
