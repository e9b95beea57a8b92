/** Memory of every Greenlight function unless the construct says otherwise (`functionMemorySizeMb`). */
export const defaultFunctionMemoryMb = 512;
