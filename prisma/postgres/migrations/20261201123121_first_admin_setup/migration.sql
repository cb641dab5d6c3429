-- CreateTable
CREATE TABLE "setup_tokens" (
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "setup_tokens_pkey" PRIMARY KEY ("hash")
);

