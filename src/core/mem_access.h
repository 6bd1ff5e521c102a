/*
 * mem_access.h - what a guest memory access is, in terms every layer shares: the soft MMU
 * asks a frontend's page walker about it, and frontends and engines name it.
 */
#ifndef FVP_CORE_MEM_ACCESS_H
#define FVP_CORE_MEM_ACCESS_H

enum mmu_access { MMU_READ = 0, MMU_WRITE = 1, MMU_EXEC = 2 };

#endif
