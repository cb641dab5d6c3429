-- CreateTable
CREATE TABLE "setup_tokens" (
    "hash" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL
);

