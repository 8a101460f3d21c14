variable "primary_region" {
  default = "us-east-1"
}

variable "replica_region" {
  type = string
}

provider "aws" {
  region = var.primary_region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

provider "aws" {
  alias  = "dr"
  region = var.replica_region
}

resource "aws_s3_bucket" "assets" {
  bucket = "shop-assets"
}

resource "aws_s3_bucket" "assets_west" {
  provider = aws.west
  bucket   = "shop-assets-west"
}

resource "aws_s3_bucket" "backup" {
  provider = aws.dr
  bucket   = "shop-backup"
}
